/**
 * Who is calling: API tokens, console sessions (bound to their credential), password and single sign-on, the sign-in limiter, the users API (accounts), signed inbound requests.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { oidcSettings } from './oidc-client.ts';
export { personPrincipal } from './principal.ts';
export { firstUse } from './replay-guard.ts';
export { routes } from './routes.ts';
export { signLink, verifyLink } from './signed-link.ts';
export type { LinkAction, LinkClaims, RespondLinkAction } from './signed-link.ts';
export { createToken, hasApiToken, verifyToken } from './tokens.ts';
