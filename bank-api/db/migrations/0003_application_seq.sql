CREATE SEQUENCE application_seq;
