// The agreement of 2 June 2025 (Istanbul), as the demo and the tests enter it.
export { juneAgreement as june2025Agreement } from '../../src/demo/june-2025';
