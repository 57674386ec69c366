/**
 * The embedded provider's own pages: sign-in, sign-out and errors. Plain
 * HTML forms, no script, styles from this page only, nothing fetched from
 * elsewhere.
 */

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;padding:2rem 1rem;color:#111}
main{max-width:22rem;margin:0 auto;background:#fff;padding:1.5rem 2rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0003}
h1{font-size:1.3rem;font-weight:600}label{display:block;margin:1rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#e5e7eb;color:#111}p.error{color:#b91c1c;font-weight:600}p.small{font-size:.85rem;color:#555}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>`;
}

export interface SignInForm {
  uid: string;
  client: string;
  username?: string;
  error?: string;
}

export function signInPage({ uid, client, username, error }: SignInForm): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    'Sign in',
    `<p>to ${escapeHtml(client)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${action}/login" autocomplete="on">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form method="get" action="${action}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  );
}

/** The sign-out confirmation: `form` is the provider's own hidden form (op.logoutForm) with its CSRF secret. */
export const signOutPage = (form: string, host: string) =>
  page(
    'Sign out',
    `<p>Sign out of ${escapeHtml(host)}?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );

export const signedOutPage = () => page('Signed out', '<p>You are signed out.</p>');

export const errorPage = (error: string, description: string | undefined) =>
  page(
    'Sign-in failed',
    `<p class="error">${escapeHtml(description ?? error)}</p><p class="small">${escapeHtml(error)}</p>`,
  );
