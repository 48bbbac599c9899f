import type { Probot } from 'probot';

/** The app's bot login (`slug[bot]`), which authors its comments: asked of GitHub once, retried after a failure. */
export function botLoginOf(probot: Probot, known?: string): () => Promise<string> {
  let login: Promise<string> | undefined = known ? Promise.resolve(known) : undefined;
  return () => {
    login ??= probot.auth().then(async (appOctokit) => {
      const { data } = await appOctokit.rest.apps.getAuthenticated();
      return `${data?.slug ?? 'incident-responder'}[bot]`;
    });
    login.catch(() => (login = undefined));
    return login;
  };
}
