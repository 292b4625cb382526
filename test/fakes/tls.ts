import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with openssl at test time (node:crypto
 * cannot issue X.509 certificates). Clients trust it through a CA file, never by turning
 * certificate checks off.
 */
export interface TestCertificate {
  key: string;
  cert: string;
  certPath: string;
}

let cached: TestCertificate | undefined;

export function loopbackCertificate(): TestCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "sluice-tls-"));
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    { stdio: "ignore" },
  );
  cached = { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8"), certPath };
  return cached;
}
