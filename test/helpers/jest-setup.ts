import { afterAll } from '@jest/globals';
import { closeHttpConnections } from '../../src/github/http-fetch.js';

// The app's Octokit keeps connections alive (src/github/http-fetch.ts). A test file's last ones would close
// after Jest tore the file's environment down, under nock's interceptor of that file (Jest warns that it
// was used after being deleted): closed here instead.
afterAll(async () => {
  closeHttpConnections();
  // Their 'close' events come on a later turn of the event loop: let them come while the file still runs.
  await new Promise((resolve) => setTimeout(resolve, 10));
});
