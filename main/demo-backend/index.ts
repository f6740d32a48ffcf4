/** The embedded demo back end: the sync API of docs/protocol.md §4, for kiosks without `backend.url`. */
export { startDemoBackend, registerRoutes, type DemoBackend, type DemoBackendOptions, type DemoBackendContext, type RouteRegistrar } from './server.js';
export { Router, sendJson, sendError, readBody, type RouteContext, type RouteHandler } from './router.js';
