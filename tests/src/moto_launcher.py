# Starts moto's server in this process (the `moto_server` entry point, `moto.server:main`, with
# the same arguments) after two things:
#
# 1. Every inherited descriptor above stderr is closed: a server left behind by a test process
#    that aborted must not keep holding what the test's parent gave it (e.g. a build lock taken
#    with `flock`).
# 2. moto 5.2.1's `DynamoDBBackend.transact_write_items` (moto/dynamodb/models/__init__.py) is
#    replaced by one with the same semantics whose rollback snapshot is the items the
#    transaction names, not a `copy.deepcopy` of every named table per transaction item. moto's
#    copy makes each transaction's time and memory grow with the table (a 1,000-event burst was
#    killed for out-of-memory at 24 GB) and, copied while another request thread changes the
#    table, gives moto's HTML 500 pages. Transactions and single-item reads and writes are
#    serialised with one lock, as real DynamoDB isolates a transaction from other requests.
#    Errors, their order and the cancellation reasons are moto's. The replacement is installed
#    only when moto's function still has the table copy (`original_table_state`), so a moto that
#    fixes it runs unchanged.
#
# Exits 127 when moto is not installed. `--self-check` instead runs the patch's own checks
# against an in-process backend and exits 0 when they pass (used by an e2e test).
import os
import sys

os.closerange(3, 65536)

try:
    import moto
    import moto.server
    from moto.dynamodb.models import DynamoDBBackend
except ImportError:
    sys.exit(127)

import copy
import functools
import inspect
import threading

from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.models.dynamo_type import DynamoType

_LOCK = threading.RLock()
_ABSENT = object()


def _named_key(backend, op_type, op):
    """(table name, hash key, range key) of the item a transaction operation names, or None when
    the operation is malformed (the operation then fails in the loop, before it changes
    anything)."""
    try:
        table_name = op["TableName"]
        table = backend.tables[table_name]
        attrs = op["Item"] if op_type == "Put" else op["Key"]
        hash_key = DynamoType(attrs[table.hash_key_attr])
        range_key = (
            DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        )
        return (table_name, hash_key, range_key)
    except Exception:
        return None


def _snapshot(backend, transact_items):
    """A deep copy of each item the transaction names (or `_ABSENT`), first mention first."""
    saved = {}
    for item in transact_items:
        try:
            op_type, op = next(iter(item.items()))
        except Exception:
            continue
        named = _named_key(backend, op_type, op)
        if named is None or named in saved:
            continue
        table_name, hash_key, range_key = named
        current = backend.tables[table_name].get_item(hash_key, range_key)
        saved[named] = _ABSENT if current is None else copy.deepcopy(current)
    return saved


def _restore(backend, saved):
    """Puts back exactly the items in `saved`: each as it was, or removed if it was absent."""
    for (table_name, hash_key, range_key), before in saved.items():
        table = backend.tables.get(table_name)
        if table is None:
            continue
        if range_key is not None:
            if before is _ABSENT:
                table.items.get(hash_key, {}).pop(range_key, None)
                if hash_key in table.items and not table.items[hash_key]:
                    del table.items[hash_key]
            else:
                table.items[hash_key][range_key] = before
        elif before is _ABSENT:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = before


def transact_write_items(self, transact_items):
    # moto 5.2.1's body, with the rollback snapshot of the named items instead of the tables.
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    with _LOCK:
        original_items = _snapshot(self, transact_items)

        target_items = set()

        def check_unicity(table_name, key):
            item = (str(table_name), str(dict(sorted(key.items()))))
            if item in target_items:
                raise MultipleTransactionsException()
            target_items.add(item)

        errors = []  # [(Code, Message, Item), ..]
        for item in transact_items:
            original_item = None
            if len(list(item.keys())) > 1:
                raise TransactWriteSingleOpException

            try:
                op_type, op = next(iter(item.items()))
                if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                    raise ValueError("Unsupported transaction operation")

                table_name = op["TableName"]
                condition_expression = op.get("ConditionExpression")
                expression_attribute_names = op.get("ExpressionAttributeNames")
                expression_attribute_values = op.get("ExpressionAttributeValues")
                return_values_on_condition_check_failure = op.get(
                    "ReturnValuesOnConditionCheckFailure"
                )

                if op_type == "Put":
                    attrs = op["Item"]
                    table = self.get_table(table_name)
                    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                    if table.range_key_attr is not None:
                        key[table.range_key_attr] = attrs[table.range_key_attr]
                else:
                    key = op["Key"]

                check_unicity(table_name, key)

                current = self.get_item(table_name, key)
                if condition_expression is not None:
                    condition_op = get_filter_expression(
                        condition_expression,
                        expression_attribute_names,
                        expression_attribute_values,
                    )
                    if not condition_op.expr(current):
                        if (
                            return_values_on_condition_check_failure == "ALL_OLD"
                            and current
                        ):
                            original_item = current.to_json()["Attributes"]
                        raise ConditionalCheckFailed(item=original_item)

                if op_type == "Put":
                    attrs = op["Item"]
                    self.put_item(
                        table_name,
                        attrs,
                        condition_expression=condition_expression,
                        expression_attribute_names=expression_attribute_names,
                        expression_attribute_values=expression_attribute_values,
                    )
                elif op_type == "Delete":
                    self.delete_item(
                        table_name,
                        key,
                        condition_expression=condition_expression,
                        expression_attribute_names=expression_attribute_names,
                        expression_attribute_values=expression_attribute_values,
                    )
                elif op_type == "Update":
                    update_expression = op["UpdateExpression"]
                    self.update_item(
                        table_name,
                        key,
                        update_expression=update_expression,
                        condition_expression=condition_expression,
                        expression_attribute_names=expression_attribute_names,
                        expression_attribute_values=expression_attribute_values,
                    )
                errors.append((None, None, None))
            except (MultipleTransactionsException, MockValidationException):
                _restore(self, original_items)
                raise
            except ConditionalCheckFailed as e:
                errors.append(("ConditionalCheckFailed", str(e.message), original_item))
            except Exception as e:  # noqa: E722 as moto: capture the details
                errors.append((type(e).__name__, str(e), original_item))

        if any(code is not None for code, _, _ in errors):
            _restore(self, original_items)
            raise TransactionCanceledException(errors)


def _locked(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _LOCK:
            return method(*args, **kwargs)

    return wrapper


def install():
    """Installs the replacement if moto's function still copies whole tables; returns whether
    it did."""
    original = DynamoDBBackend.transact_write_items
    if "original_table_state" not in inspect.getsource(original):
        return False
    DynamoDBBackend.transact_write_items = transact_write_items
    for name in ("put_item", "update_item", "delete_item", "get_item", "query", "scan"):
        setattr(DynamoDBBackend, name, _locked(getattr(DynamoDBBackend, name)))
    return True


def self_check():
    """The patch's checks against an in-process backend: a cancelled transaction leaves every
    item as it was (changed, created and deleted ones), a successful one applies them all, the
    cancellation reasons are moto's, and no table is copied."""
    from moto.dynamodb.models.table import Table

    assert install(), f"moto {moto.__version__}: transact_write_items has no table copy"

    def no_table_copy(self, memo):
        raise AssertionError("a whole table was deep-copied")

    Table.__deepcopy__ = no_table_copy
    backend = DynamoDBBackend("eu-west-2", "123456789012")
    backend.create_table(
        "t",
        schema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        throughput=None,
        attr=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        global_indexes=None,
        indexes=None,
        streams=None,
        billing_mode="PAY_PER_REQUEST",
        sse_specification=None,
        tags=None,
        deletion_protection_enabled=False,
        warm_throughput=None,
    )

    def key(pk, sk):
        return {"pk": {"S": pk}, "sk": {"S": sk}}

    def put(pk, sk, v):
        return {"Put": {"TableName": "t", "Item": {**key(pk, sk), "v": {"S": v}}}}

    def value(pk, sk):
        item = backend.get_item("t", key(pk, sk))
        return None if item is None else item.to_json()["Attributes"]["v"]["S"]

    backend.transact_write_items([put("a", "1", "old"), put("a", "2", "keep")])
    assert (value("a", "1"), value("a", "2")) == ("old", "keep")

    cancelled = [
        put("a", "1", "new"),  # changes an item
        put("b", "1", "created"),  # creates one
        {"Delete": {"TableName": "t", "Key": key("a", "2")}},  # deletes one
        {
            "ConditionCheck": {
                "TableName": "t",
                "Key": key("z", "9"),
                "ConditionExpression": "attribute_exists(pk)",
            }
        },
    ]
    try:
        backend.transact_write_items(cancelled)
        raise AssertionError("the failing condition did not cancel the transaction")
    except TransactionCanceledException as e:
        import json

        reasons = [r["Code"] for r in json.loads(e.description)["CancellationReasons"]]
        assert reasons == ["None", "None", "None", "ConditionalCheckFailed"], reasons
    assert (value("a", "1"), value("a", "2"), value("b", "1")) == ("old", "keep", None)
    assert "b" not in backend.tables["t"].items, "an empty hash group was left behind"

    try:
        backend.transact_write_items([put("a", "1", "x"), put("a", "1", "y")])
        raise AssertionError("two operations on one item were accepted")
    except MultipleTransactionsException:
        pass
    assert value("a", "1") == "old"

    backend.transact_write_items(cancelled[:3])
    assert (value("a", "1"), value("a", "2"), value("b", "1")) == ("new", None, "created")
    print(f"moto {moto.__version__}: transact_write_items patch checks passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-check"]:
        self_check()
    else:
        install()
        moto.server.main(sys.argv[1:])
