// The renderer's entry point (bundled to dist/renderer/app.js). It knows main only as window.airlock.
import { startApp } from './app/start';

const root = document.getElementById('app');
if (root) void startApp(root);
