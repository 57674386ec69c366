import type { ReconcileReport, WorkflowFinding } from './reconcile';

/** How many identifiers a line names before it says "and N more". */
const SHOWN = 8;

/** "container 12, custody 12, notice 4": the keys counted by their kind (the key's first word). */
function byKind(keys: string[]): string {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k.split(' ')[0], (counts.get(k.split(' ')[0]) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
}

const named = (keys: string[]) =>
  keys.slice(0, SHOWN).join('; ') + (keys.length > SHOWN ? `; and ${keys.length - SHOWN} more` : '');

const consistent = (w: WorkflowFinding) => !w.missing.length && !w.stale.length && !w.failed.length;

/** Whether anything differs between PostgreSQL and Temporal (or could not be written). */
export function differs(report: ReconcileReport): boolean {
  return report.operations.some((o) => o.withoutWorkflow.length || o.workflows.some((w) => !consistent(w)));
}

/** Whether something is still left after a repair: a refused write, or a row whose workflow was not started again. */
export function leftOver(report: ReconcileReport): boolean {
  return report.operations.some(
    (o) => o.withoutWorkflow.some((r) => !r.restarted) || o.workflows.some((w) => w.failed.length),
  );
}

/** The report as an operator reads it: counts by kind and identifiers, never a value a row holds. */
export function formatReport(report: ReconcileReport): string {
  const verb = report.repair ? 'written to PostgreSQL' : 'missing in PostgreSQL';
  const behind = report.repair ? 'brought up to its workflow' : 'behind its workflow';
  const lines = [
    report.repair
      ? 'Reconcile --repair: what Temporal holds and PostgreSQL lacked is written; rows without a workflow are started again.'
      : 'Reconcile (checked only, nothing written; --repair writes): PostgreSQL compared with Temporal.',
  ];
  if (report.operations.length === 0) lines.push('No open operation.');
  let rows = 0;
  let failed = 0;
  for (const op of report.operations) {
    lines.push('', `Operation ${op.reference}: ${op.workflows.length} workflow(s)`);
    for (const w of op.workflows.filter((x) => !consistent(x))) {
      lines.push(`  ${w.workflowId} (${w.type}, ${w.status.toLowerCase()})`);
      if (w.missing.length)
        lines.push(`    ${verb}: ${w.missing.length} (${byKind(w.missing)})`, `      ${named(w.missing)}`);
      if (w.stale.length) lines.push(`    ${behind}: ${w.stale.length} (${byKind(w.stale)}): ${named(w.stale)}`);
      for (const f of w.failed) lines.push(`    not written: ${f}`);
      rows += w.missing.length + w.stale.length;
      failed += w.failed.length;
    }
    const same = op.workflows.filter(consistent).length;
    if (same) lines.push(`  ${same} workflow(s): PostgreSQL holds all they wrote`);
    for (const r of op.withoutWorkflow) {
      const what = r.restarted ? 'started again from its record' : (r.note ?? 'not started again (--repair does)');
      lines.push(
        `  in PostgreSQL without a running workflow: ${r.kind} ${r.workflowId} (Temporal: ${r.temporal}): ${what}`,
      );
    }
  }
  const without = report.operations.reduce((n, o) => n + o.withoutWorkflow.length, 0);
  lines.push(
    '',
    `Total: ${rows} row(s) ${report.repair ? 'written or brought up to date' : 'missing or behind'}, ` +
      `${failed} write(s) refused, ${without} row(s) without a running workflow.`,
  );
  return lines.join('\n');
}
