-- Bản cập nhật quầy: desk releases the portal serves (`motcua-portal release publish`). The
-- package file lives on the portal's disk (`file_path`, in the releases folder beside the
-- database); `signature` is the detached Ed25519 signature made on the release manager's machine
-- over (platform, version, sha256), checked on publish and again by every desk. A withdrawn
-- release stays listed but is no longer offered or served.
CREATE TABLE desk_release (
    platform TEXT NOT NULL,
    version TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    file_path TEXT NOT NULL,
    published_at TEXT NOT NULL,
    withdrawn_at TEXT,
    PRIMARY KEY (platform, version)
);
