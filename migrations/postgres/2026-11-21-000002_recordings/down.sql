DROP TABLE clips;
DROP TABLE jobs;
DROP TABLE holds;
DROP TABLE segments;
