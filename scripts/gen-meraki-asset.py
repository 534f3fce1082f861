#!/usr/bin/env python3
"""Generate src/meraki/assets/dashboard-api.json from the Meraki Dashboard API OpenAPI 3 spec.

The asset keeps, for every operation: its id, method, path, summary, tags, parameters (name,
location, required, description, schema bounds), the top-level request body fields, whether
the 200 response is paginated (declares a Link header), and the response example of GET
operations (the demo data and the fake Dashboard used by the tests).

Usage: scripts/gen-meraki-asset.py SPEC.json [OUT.json]
  SPEC.json  openapi/spec3.json from github.com/meraki/openapi (v1.42.0 was used)
  OUT.json   defaults to src/meraki/assets/dashboard-api.json
"""
import json
import os
import re
import sys

METHODS = ("get", "post", "put", "delete", "patch")
# The spec states perPage bounds only in prose: "Acceptable range is 3 - 1000."
RANGE = re.compile(r"[Aa]cceptable range is (\d+) ?- ?(\d+)")
# List endpoints whose spec example is a single element rather than the array the API returns.
ARRAY_EXAMPLES = {"getNetworkClients"}
SCHEMA_KEYS = ("type", "format", "enum", "minimum", "maximum")


def schema_of(schema):
    out = {k: schema[k] for k in SCHEMA_KEYS if k in schema}
    if "items" in schema:
        items = schema["items"]
        out["items"] = {k: items[k] for k in ("type", "enum") if k in items}
    if "oneOf" in schema:
        out["type"] = "oneOf"
        out["oneOf"] = [s.get("type", "object") for s in schema["oneOf"]]
    return out


def param_of(p):
    schema = schema_of(p.get("schema", {}))
    bounds = RANGE.search(p.get("description", ""))
    if bounds and schema.get("type") in ("integer", "number"):
        schema.setdefault("minimum", int(bounds.group(1)))
        schema.setdefault("maximum", int(bounds.group(2)))
    # A timespan is a duration in seconds; the spec leaves the lower bound implicit.
    if p["name"] == "timespan" and schema.get("type") in ("integer", "number"):
        schema.setdefault("minimum", 0)
    return {
        "name": p["name"],
        "in": p["in"],
        "required": p.get("required", False),
        "description": p.get("description", ""),
        "schema": schema,
    }


def body_of(op):
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return None
    props = {
        name: prop.get("type", "object")
        for name, prop in schema.get("properties", {}).items()
    }
    return {"required": schema.get("required", []), "properties": props}


def main():
    spec_path = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        root, "src", "meraki", "assets", "dashboard-api.json")
    with open(spec_path) as f:
        spec = json.load(f)
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            entry = {
                "id": op["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "tags": op.get("tags", []),
                "params": [param_of(p) for p in op.get("parameters", [])],
            }
            body = body_of(op)
            if body:
                entry["body"] = body
            responses = op.get("responses", {})
            ok = next((c for c in sorted(responses) if c.startswith("2")), None)
            if ok:
                resp = responses[ok]
                entry["status"] = int(ok)
                if "Link" in resp.get("headers", {}):
                    entry["paginated"] = True
                example = resp.get("content", {}).get("application/json", {}).get("example")
                if method == "get" and example is not None:
                    if op["operationId"] in ARRAY_EXAMPLES and isinstance(example, dict):
                        example = [example]
                    entry["example"] = example
            operations.append(entry)
    asset = {
        "source": "github.com/meraki/openapi openapi/spec3.json",
        "version": spec["info"]["version"],
        "operations": operations,
    }
    with open(out_path, "w") as f:
        json.dump(asset, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"{out_path}: {len(operations)} operations, {os.path.getsize(out_path)} bytes")


if __name__ == "__main__":
    main()
