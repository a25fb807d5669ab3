import { describe, expect, it } from "vitest";
import { internalListenerConfig } from "./internal-api-thread.mjs";

const server = { port: 3000, hostname: "0.0.0.0", dev: false };

describe("internalListenerConfig", () => {
  it("is off unless INTERNAL_PORT is set", () => {
    expect(internalListenerConfig({}, server)).toBeNull();
    expect(internalListenerConfig({ INTERNAL_PORT: " " }, server)).toBeNull();
  });

  it("listens where PORT does unless INTERNAL_HOSTNAME says otherwise", () => {
    expect(internalListenerConfig({ INTERNAL_PORT: "3001" }, server)).toEqual({ port: 3001, hostname: "0.0.0.0", backgroundNice: 10 });
    expect(internalListenerConfig({ INTERNAL_PORT: " 3001 ", INTERNAL_HOSTNAME: "10.0.0.5" }, server)).toEqual({ port: 3001, hostname: "10.0.0.5", backgroundNice: 10 });
  });

  it("refuses what is not a port, and PORT itself", () => {
    for (const value of ["0", "65536", "3001.5", "-1", "0x10", "port"]) {
      expect(() => internalListenerConfig({ INTERNAL_PORT: value }, server), value).toThrow(/INTERNAL_PORT must be a TCP port number/);
    }
    expect(() => internalListenerConfig({ INTERNAL_PORT: "3000" }, server)).toThrow(/INTERNAL_PORT must differ from PORT/);
  });

  it("reads INTERNAL_BACKGROUND_NICE, and refuses a bad one (every value: thread-priority.test.ts)", () => {
    expect(internalListenerConfig({ INTERNAL_PORT: "3001", INTERNAL_BACKGROUND_NICE: "0" }, server)?.backgroundNice).toBe(0);
    expect(() => internalListenerConfig({ INTERNAL_PORT: "3001", INTERNAL_BACKGROUND_NICE: "20" }, server)).toThrow(/INTERNAL_BACKGROUND_NICE/);
  });

  it("is off in development, which has no production build for the thread to load", () => {
    expect(internalListenerConfig({ INTERNAL_PORT: "3001" }, { ...server, dev: true })).toBeNull();
  });
});
