// A stand-in for GitHub's API on loopback, for the production smoke run (.ci/production-install):
// `GET /api/v3/app` answers only a JWT signed by the key in PUBLIC_KEY_PATH for APP_ID (as GitHub
// would: 401 otherwise); the installation list is empty; anything else is a 404.
// Usage: node fake-github.mjs PORT_FILE  (writes the port it listens on to PORT_FILE)
import { Buffer } from 'node:buffer';
import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const publicKey = createPublicKey(readFileSync(process.env.PUBLIC_KEY_PATH, 'utf8'));
const appId = Number(process.env.APP_ID);

function jwtAccepted(header) {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const [head, claims, signature] = token.split('.');
  if (!head || !claims || !signature) return false;
  const verify = createVerify('RSA-SHA256');
  verify.update(`${head}.${claims}`);
  if (!verify.verify(publicKey, Buffer.from(signature, 'base64url'))) return false;
  return Number(JSON.parse(Buffer.from(claims, 'base64url').toString()).iss) === appId;
}

const server = createServer((request, response) => {
  const reply = (status, body) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/api/v3/app' || path === '/api/v3/app/installations') {
    if (!jwtAccepted(request.headers.authorization))
      return reply(401, { message: 'A JSON web token could not be decoded' });
    return reply(
      200,
      path.endsWith('/app') ? { id: appId, slug: 'incident-responder-smoke', name: 'incident-responder smoke' } : [],
    );
  }
  reply(404, { message: 'Not Found' });
});
server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
