// The one JWT encoding detail shared by the main thread and the signing workers.
export const encodeSegment = (object) => Buffer.from(JSON.stringify(object)).toString("base64url");
