import { createApp } from './app/create-app.js';

/** Probot entry point (`probot run ./lib/index.js`): wiring only, the app lives in src/app/. */
export default createApp().app;
