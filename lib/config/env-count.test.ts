import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { envCount } from "./env-count";

const options = { fallback: 50, min: 1, max: 1_000 };
const read = (value: string | undefined) => envCount("SIGNET_TEST_COUNT", options, { SIGNET_TEST_COUNT: value });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("envCount", () => {
  it("reads a whole number within range, and the default when unset or empty", () => {
    expect(read("7")).toBe(7);
    expect(read(" 1000 ")).toBe(1_000);
    expect(read(undefined)).toBe(50);
    expect(read("  ")).toBe(50);
  });

  it("falls back to the default, with a warning naming the setting, for anything that is not a whole number in range", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    for (const value of ["abc", "1.5", "0", "-3", "NaN", "Infinity", "1e400"]) expect(read(value)).toBe(50);
    expect(warn).toHaveBeenCalledTimes(7);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ setting: "SIGNET_TEST_COUNT", used: 50 });
  });

  it("caps a value above the maximum, with a warning", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    expect(read("1000000000")).toBe(1_000);
    expect(read("1e9")).toBe(1_000);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toEqual({ setting: "SIGNET_TEST_COUNT", max: 1_000, used: 1_000 });
  });
});
