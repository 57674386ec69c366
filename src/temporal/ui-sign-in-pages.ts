/**
 * The few pages the Web UI's sign-in proxy shows itself (src/temporal/ui-sign-in.ts): signed out, refused
 * (not an operator), and the sign-in service or the API not answering. Plain HTML, no script.
 */

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:0 .25rem}</style>`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporal Web UI: ${escapeHtml(title)}</title>${STYLE}</head>
<body><h1>${escapeHtml(title)}</h1>
${body}</body></html>`;
}

export const signedOutPage = () =>
  page('Signed out', '<p>You are signed out of the Temporal Web UI.</p><p><a href="/">Sign in again</a></p>');

/** Signed in at the provider, but not as an operator: the UI and its decoded payloads are for operators only. */
export function notOperatorPage(who: { principal: string; role?: string; detail?: string }, signOutUrl: string): string {
  const as = who.role ? `${escapeHtml(who.principal)} (${escapeHtml(who.role)})` : escapeHtml(who.principal);
  return page(
    'Operators only',
    `<p>You are signed in as ${as}. The Temporal Web UI shows what the service's workflows hold, decrypted, so only
the <strong>OPERATOR</strong> role opens it.${who.detail ? ` ${escapeHtml(who.detail)}` : ''}</p>
<p>Ask whoever runs your organisation's sign-in to give you the operator role, or
<a href="${escapeHtml(signOutUrl)}">sign out</a> and sign in as an operator.</p>`,
  );
}

export const unreachablePage = (what: string, detail: string) =>
  page(
    'Cannot sign you in now',
    `<p>${escapeHtml(what)} does not answer (${escapeHtml(detail)}). Try again in a moment.</p><p><a href="/">Try again</a></p>`,
  );

export const signInFailedPage = (detail: string) =>
  page('Sign-in failed', `<p>${escapeHtml(detail)}</p><p><a href="/">Try again</a></p>`);
