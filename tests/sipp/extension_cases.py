"""SIP extensions negotiated per RFC 3261 §8.2.2.3 / §20.32: an INVITE that
requires an extension the engine does not support is refused 420 Bad
Extension with Unsupported listing it, before the routing interface is
asked. Same runner, options and rules as run.py:

    python3 tests/sipp/extension_cases.py <case> --engine build/dev/engine/app/ctib-engine
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import answer_gateway, header  # noqa: E402
from run import case, check_notifications, expect_hangup, one_call  # noqa: E402


def refused_420(c, require, unsupported):
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url())
    caller = c.uac("uac_require.xml", subst={"REQUIRE": require, "STATUS": 420})
    c.ok(caller)
    resp = caller.received("SIP/2.0 420")[0]
    got = sorted(x.strip() for x in (header(resp, "Unsupported") or "").split(","))
    assert got == sorted(unsupported), f"Unsupported {got} != {unsupported}:\n{resp}"
    assert not stub.requests, f"the interface was asked: {stub.requests}"
    return stub


@case
def require_unknown_extension(c):
    """Require: foo-ext (unknown) → 420 Bad Extension, Unsupported: foo-ext;
    the interface is not asked; a normal call then goes through."""
    stub = refused_420(c, "foo-ext", ["foo-ext"])
    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def require_100rel_unsupported(c):
    """Require: 100rel, timer: the engine does not relay reliable provisional
    responses (PRACK), so 100rel is named in Unsupported; timer, which it
    supports, is not."""
    refused_420(c, "100rel, timer", ["100rel"])


if __name__ == "__main__":
    sys.exit(run.main())
