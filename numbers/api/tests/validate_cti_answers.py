"""Checks real /v1/cti answers against numbers/api/openapi.yaml the way a
strict OpenAPI client does: each answer must match exactly one schema of the
documented `oneOf` (GET and POST). Used by numbers/app/tests/smoke.sh with
answers from the running service.

    validate_cti_answers.py OPENAPI.yaml ANSWER.json...
"""

import json
import sys

import jsonschema
import yaml


def resolve(node, root):
    """Inlines every local $ref (the spec has no recursive schemas)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = root
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolve(target, root)
        return {k: resolve(v, root) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, root) for v in node]
    return node


def main():
    spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    failures = 0
    for method in ("get", "post"):
        schema = resolve(spec["paths"]["/v1/cti"][method]["responses"]["200"]["content"]["application/json"]["schema"],
                         spec)
        choices = schema["oneOf"]
        for path in sys.argv[2:]:
            answer = json.load(open(path, encoding="utf-8"))
            matched = [i for i, s in enumerate(choices) if jsonschema.Draft7Validator(s).is_valid(answer)]
            if len(matched) != 1:
                print(f"{method.upper()} /v1/cti: {path} matches {len(matched)} of the oneOf schemas "
                      f"(must be exactly 1): {answer}")
                failures += 1
    if failures:
        sys.exit(1)
    print(f"validate_cti_answers: {len(sys.argv) - 2} answers each match exactly one schema")


if __name__ == "__main__":
    main()
