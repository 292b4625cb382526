import { describe, expect, it } from "vitest";
import { normaliseSql } from "../../src/compile/fingerprint.js";

describe("normaliseSql (what the data fingerprint hashes)", () => {
  it("ignores comments, line breaks and spacing around punctuation", () => {
    const a = normaliseSql("SELECT sensor_id, avg(value) -- the mean\nFROM t /* source */ WHERE x = 1");
    const b = normaliseSql("SELECT sensor_id ,avg( value )\n\n  FROM t WHERE x=1");
    expect(a).toBe(b);
    expect(a).toBe("SELECT sensor_id,avg(value)FROM t WHERE x=1");
  });

  it("keeps every difference that changes the query", () => {
    expect(normaliseSql("SELECT a b FROM t")).not.toBe(normaliseSql("SELECT ab FROM t"));
    expect(normaliseSql("SELECT x - -1 FROM t")).not.toBe(normaliseSql("SELECT x --1\nFROM t"));
    expect(normaliseSql("SELECT 'a  b' FROM t")).not.toBe(normaliseSql("SELECT 'a b' FROM t"));
    expect(normaliseSql("SELECT '--not a comment' AS c")).toContain("'--not a comment'");
  });
});
