DROP TABLE signing_keys;
DROP TABLE api_clients;
DROP FUNCTION app_current_api_client_id();
DROP TABLE reports;
DROP TABLE compliance_results;
DROP TABLE documents;
