DROP TABLE request_events;
DROP TABLE request_items;
DROP TABLE footage_requests;
DROP TABLE cameras;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisations;
