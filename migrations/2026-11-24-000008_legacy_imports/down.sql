DROP TABLE legacy_imports;
DROP FUNCTION app_current_legacy_source();
