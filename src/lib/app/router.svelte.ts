// The current page (main thread): follows the URL hash, and scrolls a newly shown page to its top.
import { parseRoute, type Route } from './route.ts';

/** The part of the window the router uses; tests give a fake. */
export interface RouterWindow {
  hash: () => string;
  onHashChange: (listener: () => void) => void;
  scrollToTop: () => void;
}

const BROWSER: RouterWindow = {
  hash: () => location.hash,
  onHashChange: (listener) => addEventListener('hashchange', listener),
  scrollToTop: () => scrollTo(0, 0),
};

export class Router {
  #route: Route;

  constructor(win: RouterWindow = BROWSER) {
    this.#route = $state.raw(parseRoute(win.hash()));
    win.onHashChange(() => {
      this.#route = parseRoute(win.hash());
      win.scrollToTop();
    });
  }

  get route(): Route {
    return this.#route;
  }
}
