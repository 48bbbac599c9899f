import { createPrivateKey } from 'node:crypto';

/**
 * The GitHub App's credentials, checked before the server starts so a mistake ends in one line that
 * says what to fix (Probot would print a stack trace, or silently fall back to the registration page
 * when APP_ID is not a number). The key is read the way Probot reads it (@probot/get-private-key):
 * PRIVATE_KEY as PEM, with `\n` escapes or base64-encoded, else the file at PRIVATE_KEY_PATH.
 * Messages name variables, never their values.
 */
export interface CredentialSources {
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file (PRIVATE_KEY_PATH); throws when it cannot. */
  readFile(path: string): string;
}

const PEM_HELP =
  'paste the whole .pem file GitHub generated for the app (from "-----BEGIN RSA PRIVATE KEY-----" to "-----END RSA PRIVATE KEY-----")';

function fromEnv(text: string): string {
  let key = text;
  if (Buffer.from(key, 'base64').toString('base64') === key) key = Buffer.from(key, 'base64').toString();
  return key.includes('\\n') ? key.replace(/\\n/g, '\n') : key;
}

function keyProblem(pem: string, name: string): string | null {
  if (!/-----BEGIN (?:RSA )?PRIVATE KEY-----/.test(pem))
    return `${name} is not a private key in PEM form: ${PEM_HELP}.`;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa')
      return `${name} is not an RSA key, and GitHub Apps sign with RSA keys: ${PEM_HELP}.`;
    return null;
  } catch {
    return `${name} cannot be read as a private key (truncated or altered?): ${PEM_HELP}.`;
  }
}

/** Problems with APP_ID and the private key, one line each; none when they are unset (registration mode). */
export function checkCredentials(sources: CredentialSources): string[] {
  const { env } = sources;
  const problems: string[] = [];
  const appId = env.APP_ID?.trim();
  if (appId && !/^\d+$/.test(appId))
    problems.push('APP_ID is not a number: use the "App ID" from the app\'s settings page (not its Client ID).');
  if (env.PRIVATE_KEY) {
    const problem = keyProblem(fromEnv(env.PRIVATE_KEY), 'PRIVATE_KEY');
    if (problem) problems.push(problem);
  } else if (env.PRIVATE_KEY_PATH) {
    let pem: string | null = null;
    try {
      pem = sources.readFile(env.PRIVATE_KEY_PATH);
    } catch {
      problems.push(
        'PRIVATE_KEY_PATH does not name a readable file: set it to the path of the .pem file GitHub generated for the app.',
      );
    }
    const problem = pem === null ? null : keyProblem(pem, 'the file at PRIVATE_KEY_PATH');
    if (problem) problems.push(problem);
  }
  return problems;
}

/** One line for a GitHub that refuses the app's JWT (a wrong APP_ID, or a key of another app). */
export function credentialsRefused(params: { status?: number; message: string }): string {
  return (
    `GitHub refused the app's credentials (HTTP ${params.status ?? '?'}: ${params.message}): APP_ID and the private key do not belong to the same GitHub App. ` +
    "Check APP_ID against the app's settings page, and generate a new private key there if the key is of another app or was revoked."
  );
}
