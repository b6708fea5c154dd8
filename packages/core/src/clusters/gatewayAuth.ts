/** How to authenticate to a Dask Gateway, as its authenticators accept it. */
export type GatewayAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password?: string }
  | { readonly kind: 'bearer'; readonly token: string }
  /** JupyterHub's authenticator: `Authorization: jupyterhub <token>`. */
  | { readonly kind: 'jupyterhub'; readonly token: string }
  /** Jupyter servers and the local facility: `Authorization: token <token>`. */
  | { readonly kind: 'token'; readonly token: string };

/** The `Authorization` header value for an auth choice. */
export function authorizationHeader(auth: GatewayAuth): string {
  switch (auth.kind) {
    case 'basic':
      return `Basic ${base64(`${auth.username}:${auth.password ?? ''}`)}`;
    case 'bearer':
      return `Bearer ${auth.token}`;
    case 'jupyterhub':
      return `jupyterhub ${auth.token}`;
    case 'token':
      return `token ${auth.token}`;
  }
}

/**
 * A fetch that authenticates every call and, outside browsers, keeps the `dask-gateway-…` session cookie
 * a gateway sets, sending it back as Dask Gateway's own client does. Header names are matched case-insensitively.
 */
export function gatewayFetch(auth: GatewayAuth | undefined, base: typeof fetch = fetch): typeof fetch {
  let cookie: string | undefined;
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (auth) headers.set('authorization', authorizationHeader(auth));
    if (cookie) headers.set('cookie', cookie);
    const response = await base(input, { ...init, headers });
    const setCookie = response.headers.get('set-cookie');
    const match = setCookie ? /(dask-gateway-[^=;\s]*=[^;]*)/i.exec(setCookie) : null;
    if (match) cookie = match[1];
    return response;
  };
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
