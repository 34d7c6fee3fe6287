#!/usr/bin/env python3
"""Extracts the response schemas Parley serves from Webex's OpenAPI documents into api/webex-schemas.json.

Usage: scripts/extract-webex-schemas.py ../shared/spec/openapi
Only property names, JSON types, array item types and enums are kept: that is what the conformance tests check.
"""
import json
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/spec/openapi")
wanted = {
    "webex-messaging.json": ["Person", "Room", "RoomTab", "Team", "Membership", "TeamMembership", "Message", "AttachmentActivity"],
    "webex-admin.json": ["Organization", "License", "Role", "AuditEvent"],
}
out = {}
for document, names in wanted.items():
    schemas = json.loads((source / document).read_text())["components"]["schemas"]

    def resolve(node):
        while "$ref" in node:
            node = schemas[node["$ref"].rsplit("/", 1)[1]]
        return node

    for name in names:
        props = {}
        for prop, spec in resolve(schemas[name]).get("properties", {}).items():
            spec = resolve(spec)
            entry = {"type": spec.get("type", "object")}
            if "enum" in spec:
                entry["enum"] = spec["enum"]
            if entry["type"] == "array":
                entry["items"] = resolve(spec.get("items", {})).get("type", "object")
            props[prop] = entry
        out[name] = props
Path("api/webex-schemas.json").write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
