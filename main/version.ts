// The app version, injected at bundle time from package.json; under npm scripts, npm provides it.
declare const __AIRLOCK_VERSION__: string | undefined;

export const APP_VERSION: string =
  typeof __AIRLOCK_VERSION__ === 'string' ? __AIRLOCK_VERSION__ : (process.env.npm_package_version ?? '0.0.0-dev');
