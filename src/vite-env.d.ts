/// <reference types="svelte" />
/// <reference types="vite/client" />

/** Version from package.json, injected by Vite. */
declare const __APP_VERSION__: string;
