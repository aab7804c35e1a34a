-- Kagi's schema for Orleans' ADO.NET clustering provider (Invariant "Npgsql", Orleans 10.4).
-- Run by PostgresMembershipSchema.ApplyAsync in one transaction that holds an advisory lock.
-- Idempotent: tables are created when missing and every OrleansQuery row is upserted, so
-- re-running it replaces changed query text.
--
-- The provider's contract, as read from Orleans.Clustering.AdoNet 10.4.2:
--  * at start-up it runs "SELECT QueryKey, QueryText FROM OrleansQuery" and refuses to start
--    unless every required key below is present (CleanupDefunctSiloEntryKey is optional but,
--    when present, replaces the bulk CleanupDefunctSiloEntriesKey);
--  * parameters are bound by name (@DeploymentId = ClusterId, @Address, @Port, ...), all
--    DateTime parameters are UTC and sent as timestamptz; result columns are read by name;
--  * InsertMembershipVersionKey, InsertMembershipKey and UpdateMembershipKey must return one
--    row with one column: 1 when the write happened, 0 when it did not (row exists, row
--    missing, table version changed). A write that reports 0 must change nothing;
--  * MembershipReadRowKey / MembershipReadAllKey must return the version row even when no
--    member row matches (member columns NULL), because the table version is read from row 0;
--  * SiloStatus values used here: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster; Version is the optimistic-concurrency etag of the whole membership table.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     text         NOT NULL,
    HostName     text         NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the cluster's version row; 1 if created now, 0 if it already existed.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Affected FROM created;
$sql$),

-- Adds a silo row only if the table version is still @Version, bumping it in the same statement.
-- The version row is locked first; if the member row already exists nothing is bumped.
('InsertMembershipKey', $sql$
WITH expected AS MATERIALIZED (
    SELECT DeploymentId
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND Version = @Version AND Version < 2147483647
    FOR UPDATE
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING DeploymentId
), bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1, Timestamp = now()
    FROM inserted
    WHERE v.DeploymentId = inserted.DeploymentId AND v.Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS Affected FROM bumped;
$sql$),

-- Changes a silo row only if the table version is still @Version, bumping it in the same statement.
('UpdateMembershipKey', $sql$
WITH expected AS MATERIALIZED (
    SELECT DeploymentId
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND Version = @Version AND Version < 2147483647
    FOR UPDATE
), updated AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime)
    FROM expected
    WHERE m.DeploymentId = expected.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING m.DeploymentId
), bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1, Timestamp = now()
    FROM updated
    WHERE v.DeploymentId = updated.DeploymentId AND v.Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS Affected FROM bumped;
$sql$),

-- Heartbeat; not versioned and never moves IAmAliveTime backwards. Result is ignored.
('UpdateIAmAlivetimeKey', $sql$
UPDATE OrleansMembershipTable
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation;
$sql$),

('MembershipReadRowKey', $sql$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$sql$),

-- Gateways the clients may connect to: Active silos (@Status = 3) with a gateway port.
('GatewaysQueryKey', $sql$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$sql$),

-- Forgets a whole cluster: its silo rows and its version row, in one statement.
('DeleteMembershipTableEntriesKey', $sql$
WITH members AS (
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId
)
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$sql$),

-- Bulk fallback (only used when CleanupDefunctSiloEntryKey is absent): drops Dead rows with
-- no activity and no suspicion since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime
  AND StartTime < @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = '';
$sql$),

-- Drops one Dead row the provider judged defunct, only if it is still exactly as it read it.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(CAST(@SuspectTimes AS text), '');
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
