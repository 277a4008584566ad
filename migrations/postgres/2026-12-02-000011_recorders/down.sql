DROP TABLE recorder_channels;
DROP TABLE recorders;
