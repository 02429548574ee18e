import type { IncomingMessage } from 'node:http';
import { USER_NAME_PATTERN } from './idpSpec';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
      }[c]!),
  );
}

/** The lab IdP's sign-in form: a user name, no password (a test identity provider). */
export function loginPage(options: {
  action: string;
  clientId: string;
  error?: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fleet lab sign-in</title></head>
<body>
<main>
<h1>Fleet lab sign-in</h1>
<p>${escapeHtml(
    options.clientId,
  )} asks who you are. This is the lab's test identity
provider: any name signs in, without a password.</p>
${options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="off" autofocus required>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

/** The user name a login form posted, or an error naming what is allowed. */
export async function postedUserName(
  req: IncomingMessage,
): Promise<{ name: string } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) return { error: 'The form is too large.' };
    chunks.push(chunk as Buffer);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const name = (form.get('username') ?? '').trim();
  if (!USER_NAME_PATTERN.test(name)) {
    return {
      error:
        'A user name is 1 to 32 lowercase letters, digits or dashes, starting with a letter.',
    };
  }
  return { name };
}
