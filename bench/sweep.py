#!/usr/bin/env python3
"""The sweep benchmark: `vigil scan` against a seeded moto_server, at 30, 300 and 1,500 resources.

usage: python3 bench/sweep.py VIGIL_BINARY SEED_BINARY [SIZES...]
  e.g. python3 bench/sweep.py $CARGO_TARGET_DIR/release/vigil $CARGO_TARGET_DIR/release/vigil-seed

For each size it starts a fresh moto_server, seeds it (`vigil-seed`, ground truth on stdout), and
measures in the same run:
  - the floor: the minimal calls that fetch every input the rules read (the listings, plus per
    resource only what no listing or bulk call carries, each shared input once), issued one
    after another with boto3 (best of 3; no evaluation, no state);
  - `vigil scan --no-state --format json`: wall time (best of 3), peak resident memory (the
    child's ru_maxrss), recall on the ground truth and failures on the good resources;
  - the calls the scan made, by operation, from moto's request recorder (a separate pass, so
    recording does not slow the timed runs).
Prints a Markdown table per size. Needs moto[server] (and so boto3).
"""
import collections, json, os, re, socket, subprocess, sys, tempfile, time
from urllib.parse import urlparse, parse_qs

import boto3
import botocore.exceptions

REGION = "eu-west-2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(recording):
    port = free_port()
    env = dict(os.environ, MOTO_RECORDER_FILEPATH=recording)
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start")


def env_for(endpoint):
    return dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing",
                AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION, AWS_EC2_METADATA_DISABLED="true")


FLOOR_CALLS = collections.Counter()


def floor(endpoint):
    """The minimal calls that fetch every input the rules read, one after another, nothing else.

    Per kind: its listing (and the per-resource describe calls where the listing lacks what the
    rules read), plus the rules' lookups that no listing carries, made once per distinct input
    and with a bulk call wherever one exists (docs/performance.md lists them per kind). The
    inputs the listings already carry (a function's environment, a secret's dates, a key's
    manager and state, a role's last use, an API's policy) cost nothing more.
    """
    kw = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing",
              aws_secret_access_key="testing")
    def c(service):
        client = boto3.client(service, **kw)
        client.meta.events.register("before-call", lambda **_: FLOOR_CALLS.update([service]))
        return client
    rds, ddb, dax, kms, sm, iam, ec2, lam, apigw, apigw2, backup, aas, trail, gd, cfg = map(c, [
        "rds", "dynamodb", "dax", "kms", "secretsmanager", "iam", "ec2", "lambda", "apigateway",
        "apigatewayv2", "backup", "application-autoscaling", "cloudtrail", "guardduty", "config"])
    pages = lambda client, op, key, **a: [x for p in client.get_paginator(op).paginate(**a) for x in p.get(key, [])]

    def ask(call, *a, **kw):
        """A lookup: "not found" (a default group moto does not keep, no policy) is an answer."""
        try:
            return call(*a, **kw)
        except botocore.exceptions.ClientError:
            return None
    # Shared inputs, one bulk call each: subnets (zones, VPCs), route tables (public subnets),
    # every backup plan's selections (backup-plan coverage of databases and tables).
    pages(ec2, "describe_subnets", "Subnets")
    pages(ec2, "describe_route_tables", "RouteTables")
    for plan in pages(backup, "list_backup_plans", "BackupPlansList"):
        for sel in pages(backup, "list_backup_selections", "BackupSelectionsList", BackupPlanId=plan["BackupPlanId"]):
            backup.get_backup_selection(BackupPlanId=plan["BackupPlanId"], SelectionId=sel["SelectionId"])
    # RDS: the listings, snapshot attributes per manual snapshot, each distinct parameter group.
    instances = pages(rds, "describe_db_instances", "DBInstances")
    for group in sorted({g["DBParameterGroupName"] for i in instances for g in i.get("DBParameterGroups", [])}):
        ask(pages, rds, "describe_db_parameters", "Parameters", DBParameterGroupName=group)
    clusters = pages(rds, "describe_db_clusters", "DBClusters")
    for group in sorted({cl["DBClusterParameterGroup"] for cl in clusters if cl.get("DBClusterParameterGroup")}):
        ask(pages, rds, "describe_db_cluster_parameters", "Parameters", DBClusterParameterGroupName=group)
    for s in pages(rds, "describe_db_snapshots", "DBSnapshots"):
        if s.get("SnapshotType") != "automated":
            rds.describe_db_snapshot_attributes(DBSnapshotIdentifier=s["DBSnapshotIdentifier"])
    for s in pages(rds, "describe_db_cluster_snapshots", "DBClusterSnapshots"):
        if s.get("SnapshotType") != "automated":
            rds.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier=s["DBClusterSnapshotIdentifier"])
    pages(rds, "describe_db_proxies", "DBProxies")
    pages(rds, "describe_event_subscriptions", "EventSubscriptionsList")
    # DynamoDB: per table its description, backups, tags and resource policy (no bulk call for
    # any of them); auto scaling of every table in one paginated call.
    for t in pages(ddb, "list_tables", "TableNames"):
        arn = ddb.describe_table(TableName=t)["Table"]["TableArn"]
        ddb.describe_continuous_backups(TableName=t)
        ddb.list_tags_of_resource(ResourceArn=arn)
        ask(ddb.get_resource_policy, ResourceArn=arn)  # no policy: an answer too
    pages(aas, "describe_scalable_targets", "ScalableTargets", ServiceNamespace="dynamodb")
    dax.describe_clusters()
    # KMS: per key its description; per customer managed key its rotation and its key policy.
    for k in pages(kms, "list_keys", "Keys"):
        m = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        if m.get("KeyManager") == "CUSTOMER":
            if m.get("KeySpec") == "SYMMETRIC_DEFAULT":
                kms.get_key_rotation_status(KeyId=k["KeyId"])
            ask(kms.get_key_policy, KeyId=k["KeyId"], PolicyName="default")
    pages(sm, "list_secrets", "SecretList")
    # IAM: roles (with their last use), customer managed policies and users from
    # GetAccountAuthorizationDetails; each distinct AWS managed policy attached to a role
    # (GetPolicy + GetPolicyVersion); users' creation and password use for all users from
    # ListUsers, and per user what no bulk call gives current: the console password
    # (GetLoginProfile), the access keys (ListAccessKeys, with GetAccessKeyLastUsed per key)
    # and the MFA devices (ListMFADevices). The credential report would give most of these in
    # one call, but it is reused for four hours (its columns also lack the key ids findings
    # name and the password's creation date): docs/performance.md says why it is not an input.
    roles = pages(iam, "get_account_authorization_details", "RoleDetailList", Filter=["Role"])
    pages(iam, "get_account_authorization_details", "Policies", Filter=["LocalManagedPolicy"])
    pages(iam, "get_account_authorization_details", "UserDetailList", Filter=["User"])
    for arn in sorted({p["PolicyArn"] for r in roles for p in r.get("AttachedManagedPolicies", [])
                       if p["PolicyArn"].startswith("arn:aws:iam::aws:policy/")}):
        policy = ask(iam.get_policy, PolicyArn=arn)
        if policy:
            ask(iam.get_policy_version, PolicyArn=arn, VersionId=policy["Policy"]["DefaultVersionId"])
    # The account: its summary, password policy ("none" is an answer) and assigned virtual MFA
    # devices.
    iam.get_account_summary()
    ask(iam.get_account_password_policy)
    pages(iam, "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned")
    for user in pages(iam, "list_users", "Users"):
        name = user["UserName"]
        ask(iam.get_login_profile, UserName=name)  # no console password: an answer too
        for key in pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=name):
            iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        pages(iam, "list_mfa_devices", "MFADevices", UserName=name)
    # EC2: the listings (subnets and route tables above).
    pages(ec2, "describe_security_groups", "SecurityGroups")
    pages(ec2, "describe_vpc_endpoints", "VpcEndpoints")
    # Lambda: the listing (environment, KMS key, VPC), and per function its URL and its
    # resource policy (no bulk call; "not found" is an answer).
    for f in pages(lam, "list_functions", "Functions"):
        name = f["FunctionName"]
        ask(lam.get_function_url_config, FunctionName=name)
        ask(lam.get_policy, FunctionName=name)
    # API Gateway: REST APIs (the listing carries each API's policy) with, per API, its stages
    # and its methods (GetResources embedding the methods); usage plans in one paginated call;
    # HTTP/WebSocket APIs (the listing carries each API) with, per API, its stages and routes.
    for api in pages(apigw, "get_rest_apis", "items"):
        apigw.get_stages(restApiId=api["id"])
        pages(apigw, "get_resources", "items", restApiId=api["id"], embed=["methods"])
    pages(apigw, "get_usage_plans", "items")
    for api in apigw2.get_apis().get("Items", []):
        apigw2.get_stages(ApiId=api["ApiId"])
        apigw2.get_routes(ApiId=api["ApiId"])
        apigw2.get_integrations(ApiId=api["ApiId"])
    pages(apigw, "get_domain_names", "items")
    # What watches the account: trails (DescribeTrails carries each trail; per trail its status
    # and event selectors), GuardDuty detectors (per detector GetDetector), Config recorders
    # (their status for all in one call).
    for t in trail.describe_trails().get("trailList", []):
        trail.get_trail_status(Name=t["TrailARN"])
        trail.get_event_selectors(TrailName=t["TrailARN"])
    for d in pages(gd, "list_detectors", "DetectorIds"):
        gd.get_detector(DetectorId=d)
    if cfg.describe_configuration_recorders().get("ConfigurationRecorders"):
        cfg.describe_configuration_recorder_status()


def timed_scan(vigil, endpoint):
    start = time.monotonic()
    proc = subprocess.Popen([vigil, "scan", "--no-state", "--format", "json"], env=env_for(endpoint),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.monotonic() - start
    return wall, out.decode(), err.decode(), proc.returncode


def peak_rss(vigil, endpoint):
    """The scan's own peak resident set in MB, as GNU time reports it (`%M`, KiB).

    Not this script's `os.wait4` on a child it spawns: Linux keeps a process's `ru_maxrss`
    across `exec`, and a child forked from this Python process (boto3 loaded, the floor's
    answers held) starts with the parent's resident set as its high-water mark, so even
    `/bin/true` read 247 MB that way beside a 200 MB parent. `/usr/bin/time` is a small C
    process: the scan it forks starts from time's few pages."""
    if not os.path.exists("/usr/bin/time"):
        sys.exit("bench/sweep.py: peak memory needs GNU time at /usr/bin/time "
                 "(Debian/Ubuntu: apt-get install time)")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out.name,
                                 vigil, "scan", "--no-state", "--format", "json"],
                                env=env_for(endpoint),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc.wait()
        return int(out.read().split()[-1]) / 1024.0


def operation(entry):
    headers = {k.lower(): v for k, v in entry["headers"].items()}
    if "x-amz-target" in headers:
        return headers["x-amz-target"].split(".")[-1]
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        import base64
        body = base64.b64decode(body).decode("utf-8", "replace")
    action = parse_qs(body).get("Action") or parse_qs(urlparse(entry["url"]).query).get("Action")
    if action:
        return action[0]
    path = urlparse(entry["url"]).path
    service = re.search(r"/([a-z0-9-]+)/aws4_request", headers.get("authorization", ""))
    service = service.group(1) if service else "?"
    # REST APIs (API Gateway, Lambda): a segment after a collection name is an id.
    collections = {"restapis", "apis", "functions", "domainnames", "stages", "usageplans", "tags"}
    parts = path.split("/")
    shape = "/".join("{id}" if i and parts[i - 1] in collections else p for i, p in enumerate(parts))
    return f"{service} {entry['method']} {shape}"


def recorded_calls(vigil, endpoint, recording):
    import urllib.request
    post = lambda p: urllib.request.urlopen(urllib.request.Request(endpoint + p, method="POST", data=b""))
    post("/moto-api/recorder/reset-recording")
    post("/moto-api/recorder/start-recording")
    subprocess.run([vigil, "scan", "--no-state", "--format", "json"], env=env_for(endpoint),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    post("/moto-api/recorder/stop-recording")
    counts = collections.Counter()
    with open(recording) as f:
        for line in f:
            if line.strip():
                counts[operation(json.loads(line))] += 1
    return counts


def recall(truth, scan_out):
    reports = [json.loads(l) for l in scan_out.splitlines() if l.strip()]
    def find(t):
        for r in reports:
            res = r.get("resource") or {}
            if res.get("type") == t["type"] and (res.get("name") or res.get("id")) == t["name"]:
                return {f["rule"]: f["status"] for f in r.get("findings", [])}
        return None
    found = missed = good_failed = 0
    for t in truth:
        if t.get("moto_gap"):
            continue  # moto leaves out what the rule needs: undetermined, counted apart
        v = find(t)
        status = (v or {}).get(t["rule"])
        if t["defective"]:
            if status == "FAILED":
                found += 1
            else:
                missed += 1
        elif status == "FAILED":
            good_failed += 1
    return found, missed, good_failed, len(reports)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    vigil, seeder = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in sys.argv[3:]] or [30, 300, 1500]
    for size in sizes:
        with tempfile.TemporaryDirectory() as d:
            recording = os.path.join(d, "recording.jsonl")
            proc, endpoint = start_moto(recording)
            try:
                t0 = time.monotonic()
                seeded = subprocess.run([seeder, endpoint, str(size)], capture_output=True, text=True, check=True)
                seed_s = time.monotonic() - t0
                truth = [json.loads(l) for l in seeded.stdout.splitlines() if l.strip()]
                floors = []
                FLOOR_CALLS.clear(); floor(endpoint); floor_calls = sum(FLOOR_CALLS.values())
                for _ in range(3):
                    t = time.monotonic(); floor(endpoint); floors.append(time.monotonic() - t)
                scans = []
                for _ in range(3):
                    wall, out, err, code = timed_scan(vigil, endpoint)
                    scans.append((wall, out, err, code))
                best = min(scans, key=lambda s: s[0])
                rss = peak_rss(vigil, endpoint)
                found, missed, good_failed, reports = recall(truth, best[1])
                calls = recorded_calls(vigil, endpoint, recording)
            finally:
                proc.terminate(); proc.wait()
        fl = min(floors)
        print(f"\n### {size} seeded resources ({len(truth)} in the ground truth, {reports} reports, seeded in {seed_s:.1f} s)\n")
        print("| measure | value |\n|---|---|")
        print(f"| floor: the rules' inputs, minimal calls, sequential (best of 3) | {fl:.2f} s |")
        print(f"| floor's AWS calls | {floor_calls} |")
        print(f"| `vigil scan` wall time (best of 3) | {best[0]:.2f} s |")
        print(f"| ratio scan / floor | {best[0] / fl:.2f}x |")
        print(f"| `vigil scan` peak resident memory | {rss:.1f} MB |")
        print(f"| exit status | {best[3]} |")
        gaps = sum(1 for t in truth if t.get("moto_gap") and t["defective"])
        print(f"| defects found (recall) | {found} of {found + missed} (and {gaps} moto cannot show) |")
        print(f"| good resources failing their rule | {good_failed} |")
        print(f"| AWS calls in all | {sum(calls.values())} |")
        print("\nCalls by operation:\n\n| operation | calls |\n|---|---|")
        for op, n in sorted(calls.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"| {op} | {n} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
