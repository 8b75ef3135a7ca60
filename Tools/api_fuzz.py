#!/usr/bin/env python3
"""API fuzzing of `towngraph serve` with schemathesis against docs/openapi.yaml.

Starts `towngraph serve --port 0` on every bundled dataset, then lets schemathesis generate
requests from the OpenAPI description (valid and invalid values, every parameter, undeclared
methods, stateful sequences) and check every answer: no server error, the status codes and
content types the description lists, responses matching their schemas, 405 for methods it does
not declare, invalid requests refused. The dataset path parameter is narrowed to two bundled
datasets so that the requests reach the questions rather than stopping at an unknown
dataset's 404; the check that every schema-valid request is accepted is left out, because a
settlement or target id that does not exist is schema-valid yet rightly refused (400, naming
the parameter). Deterministic, so CI reruns the same cases.

Usage: .venv/bin/python Tools/api_fuzz.py --towngraph .build/release/towngraph [--examples N]
(`make api-fuzz` builds and runs it.)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--towngraph", required=True)
    ap.add_argument("--examples", type=int, default=60, help="examples per operation and phase")
    args = ap.parse_args()
    spec = open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8").read()
    dataset = '''    dataset:
      name: "dataset"
      in: "path"
      required: true
      schema:
        type: "string"
'''
    if dataset not in spec:
        sys.exit("api-fuzz: docs/openapi.yaml no longer declares the dataset parameter as expected; update Tools/api_fuzz.py")
    spec = spec.replace(dataset, dataset + '        enum: ["dongying", "yantai"]\n')
    server = subprocess.Popen([args.towngraph, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"(http://\S+?)/?\s", line + " ")
        if not m:
            sys.exit(f"api-fuzz: serve did not say its URL: {line!r}")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "openapi.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(spec)
            st = os.path.join(os.path.dirname(sys.executable), "schemathesis")
            cmd = [st, "run", path, "--url", m.group(1), "--checks", "all",
                   "--exclude-checks", "positive_data_acceptance", "--max-examples", str(args.examples),
                   "--generation-deterministic",
                   "--workers", "2", "--request-timeout", "120", "--no-color"]
            print("api-fuzz: " + " ".join(cmd[1:]), flush=True)
            code = subprocess.run(cmd, cwd=d).returncode
    finally:
        server.send_signal(2)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    if server.returncode not in (0, None):
        print(f"api-fuzz: serve exited with status {server.returncode}: {server.stderr.read()}", file=sys.stderr)
        sys.exit(1)
    sys.exit(code)


if __name__ == "__main__":
    main()
