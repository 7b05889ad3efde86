DROP TABLE trusted_devices;
-- Locks converted from "until unlocked" stay expiring ones: the old value is not recoverable.
