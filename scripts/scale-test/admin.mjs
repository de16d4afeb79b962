// The admin API as a script uses it: sign in once, create and revoke API keys.
export async function signIn(base, credentials) {
  const session = await fetch(`${base}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (session.status !== 200 && session.status !== 201) throw new Error(`admin sign-in answered ${session.status}`);
  const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (path, body) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: body && JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  return {
    /** Resolves with `{ id, secret }`. */
    createKey: (name, mode, scopes) => call('/admin/api_keys', { name, mode, scopes }),
    revoke: (id) => call(`/admin/api_keys/${id}/revoke`),
  };
}
