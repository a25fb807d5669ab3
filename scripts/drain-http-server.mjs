// A graceful stop for a node:http server: refuse new connections, close idle keep-alive
// ones at once and busy ones as soon as they go idle (their answers carry
// `Connection: close`, set by the caller), and after `graceMs` close whatever is left.
// Resolves once every connection is closed.
export function drainHttpServer(server, graceMs) {
  return new Promise((resolve) => {
    const idleCloser = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    idleCloser.unref();
    deadline.unref();
    server.close(() => {
      clearInterval(idleCloser);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
