// The page globals that controller modules read when they load (controllers' unit tests, Node): a window with a
// location, as on http://127.0.0.1:5173/. Nothing else of the DOM exists, so a controller that reaches further fails.
Object.assign(globalThis, { window: { location: new URL('http://127.0.0.1:5173/') } });
