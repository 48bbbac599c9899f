import type { Probot } from 'probot';

/** Probot entry point: wiring only. Handlers live in src/app/. */
export default (app: Probot): void => {
  app.log.info('incident-responder loaded');
};
