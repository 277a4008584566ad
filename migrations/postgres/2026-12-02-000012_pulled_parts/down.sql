DROP TABLE pulled_parts;
