// The server scripts' own log lines, in the JSON shape pino writes for the app.
export function logLine(level, msg) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg });
  if (level === "fatal" || level === "error") console.error(line);
  else console.log(line);
}

/** How a listening address reads in a log line: the wildcard as localhost. */
export function displayUrl(hostname, port) {
  return `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`;
}
