DROP TABLE request_notices;
