"""Extract the request-body schemas the bot uses from Discord's OpenAPI spec (run by hand).

    python tests/contract/extract_schemas.py /path/to/discord-api-spec/openapi.json

Discord publishes its HTTP API as an OpenAPI 3.1 document (MIT licence):
https://github.com/discord/discord-api-spec. This script copies out only the request
bodies of the routes in ``OPERATIONS`` plus every component schema they reach through
``$ref`` (transitively), and writes them as one standalone JSON Schema (Draft 2020-12)
bundle, ``discord_schemas.json`` next to this file, with references rewritten from
``#/components/schemas/Name`` to ``#/$defs/Name``. The contract test reads only that
bundle, so neither the tests nor the bot ever need the spec itself.

Re-run it when Discord updates the spec or the bot starts using a new route (add the
route to ``OPERATIONS`` and to the test's route table), then review the diff of the bundle.
The output is deterministic: the same spec always gives the same bundle.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BUNDLE = HERE / "discord_schemas.json"
LICENSE_COPY = HERE / "DISCORD_API_SPEC_LICENSE"
BUNDLE_ID = "urn:ballerina-bot:discord-api-request-schemas"
SPEC_REF = "#/components/schemas/"
BUNDLE_REF = "#/$defs/"

# The interaction callbacks a bot sends over HTTP: a message (4) or a deferred one (5),
# an update of the component's message (7) or a deferred update (6), autocomplete
# choices (8) and a modal (9). The spec's union also has PONG (only for HTTP-endpoint
# bots, answered in the webhook reply itself), LAUNCH_ACTIVITY and a social-SDK SKU
# callback: this bot must never send those, so the bundle leaves them out on purpose.
CALLBACK_VARIANTS = (
    "CreateMessageInteractionCallbackRequest",
    "UpdateMessageInteractionCallbackRequest",
    "ApplicationCommandAutocompleteCallbackRequest",
    "ModalInteractionCallbackRequest",
)

# (operationId, method, path as the spec spells it, anyOf/oneOf variants to keep or None for all).
# The operationId is checked against the spec, so a renamed or moved route fails loudly.
OPERATIONS: tuple[tuple[str, str, str, tuple[str, ...] | None], ...] = (
    (
        "create_interaction_response",
        "post",
        "/interactions/{interaction_id}/{interaction_token}/callback",
        CALLBACK_VARIANTS,
    ),
    # Followups are sent with the interaction token through the webhook routes.
    ("execute_webhook", "post", "/webhooks/{webhook_id}/{webhook_token}", None),
    (
        "update_original_webhook_message",
        "patch",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        None,
    ),
    ("update_webhook_message", "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", None),
    ("create_message", "post", "/channels/{channel_id}/messages", None),
    ("update_message", "patch", "/channels/{channel_id}/messages/{message_id}", None),
    ("create_auto_moderation_rule", "post", "/guilds/{guild_id}/auto-moderation/rules", None),
    ("update_auto_moderation_rule", "patch", "/guilds/{guild_id}/auto-moderation/rules/{rule_id}", None),
    ("create_guild_scheduled_event", "post", "/guilds/{guild_id}/scheduled-events", None),
    ("bulk_set_application_commands", "put", "/applications/{application_id}/commands", None),
    (
        "bulk_set_guild_application_commands",
        "put",
        "/applications/{application_id}/guilds/{guild_id}/commands",
        None,
    ),
)


class SpecError(Exception):
    """The spec does not look the way this script expects: fix OPERATIONS, never guess."""


def request_body_schema(spec: dict[str, Any], op_id: str, method: str, path: str) -> Any:
    try:
        operation = spec["paths"][path][method]
    except KeyError:
        raise SpecError(f"the spec has no {method.upper()} {path}") from None
    if operation.get("operationId") != op_id:
        raise SpecError(f"{method.upper()} {path} is {operation.get('operationId')!r} now, not {op_id!r}")
    try:
        return operation["requestBody"]["content"]["application/json"]["schema"]
    except KeyError:
        raise SpecError(f"{op_id} has no application/json request body") from None


def keep_variants(schema: dict[str, Any], names: tuple[str, ...], op_id: str) -> dict[str, Any]:
    union = "anyOf" if "anyOf" in schema else "oneOf"
    variants = schema.get(union)
    if not isinstance(variants, list):
        raise SpecError(f"{op_id}'s request body is no longer a union")
    by_name = {v.get("$ref", "").removeprefix(SPEC_REF): v for v in variants}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise SpecError(f"{op_id}'s union lost {missing}; it has {sorted(by_name)}")
    return {**schema, union: [by_name[name] for name in names]}


def rewrite_refs(node: Any, found: set[str]) -> Any:
    """A copy of ``node`` with component refs pointing into ``$defs``; collects the names."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref":
                if not isinstance(value, str) or not value.startswith(SPEC_REF):
                    raise SpecError(f"unexpected $ref {value!r}: only {SPEC_REF}* can be bundled")
                name = value.removeprefix(SPEC_REF)
                found.add(name)
                out[key] = BUNDLE_REF + name
            else:
                out[key] = rewrite_refs(value, found)
        return out
    if isinstance(node, list):
        return [rewrite_refs(item, found) for item in node]
    return node


def build_bundle(spec: dict[str, Any], spec_bytes: bytes, license_text: str) -> dict[str, Any]:
    components = spec["components"]["schemas"]
    pending: set[str] = set()
    operations: dict[str, Any] = {}
    for op_id, method, path, variants in OPERATIONS:
        schema = request_body_schema(spec, op_id, method, path)
        if variants is not None:
            schema = keep_variants(schema, variants, op_id)
        operations[op_id] = {
            "method": method.upper(),
            "path": path,
            "requestBody": rewrite_refs(schema, pending),
        }
    defs: dict[str, Any] = {}
    while pending:  # the transitive closure of every $ref reached so far
        name = pending.pop()
        if name in defs:
            continue
        if name not in components:
            raise SpecError(f"$ref to a missing component schema: {name}")
        found: set[str] = set()
        defs[name] = rewrite_refs(components[name], found)
        pending |= found - defs.keys()
    info = spec["info"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BUNDLE_ID,
        "x-source": {
            "title": info["title"],
            "version": info["version"],
            "openapi": spec["openapi"],
            "spec_sha256": hashlib.sha256(spec_bytes).hexdigest(),
            "upstream": "https://github.com/discord/discord-api-spec",
            "generated_by": "tests/contract/extract_schemas.py (run by hand; do not edit this file)",
            "license": info.get("license", {}).get("identifier", "MIT"),
            "license_file": LICENSE_COPY.name,
            # An extract is a substantial portion of the spec: MIT asks for the notice with it.
            "license_notice": license_text.strip(),
            "left_out": {
                "create_interaction_response": (
                    "PONG, LAUNCH_ACTIVITY and social-SDK SKU callbacks: this bot never sends them"
                )
            },
        },
        "operations": operations,
        "$defs": dict(sorted(defs.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="discord-api-spec's openapi.json")
    parser.add_argument(
        "--license",
        type=Path,
        help="the spec's LICENSE file (default: LICENSE next to the spec)",
    )
    parser.add_argument(
        "--out", type=Path, default=BUNDLE, help=f"default: {BUNDLE.name} next to this script"
    )
    args = parser.parse_args(argv)
    license_path = args.license or args.spec.with_name("LICENSE")
    spec_bytes = args.spec.read_bytes()
    license_text = license_path.read_text(encoding="utf-8")
    if "MIT License" not in license_text:
        print(f"{license_path} is not the MIT licence this script expects", file=sys.stderr)
        return 2
    try:
        bundle = build_bundle(json.loads(spec_bytes), spec_bytes, license_text)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    license_copy = args.out.with_name(LICENSE_COPY.name)
    license_copy.write_text(license_text.rstrip("\n") + "\n", encoding="utf-8")
    counts = f"{len(bundle['operations'])} operations, {len(bundle['$defs'])} schemas"
    print(f"wrote {args.out} ({counts}, {args.out.stat().st_size} bytes)")
    print(f"wrote {license_copy}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
