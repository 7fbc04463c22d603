-- One database and one role per service (as in k8s/base/postgres/cluster.yaml), and Keycloak's.
-- Passwords are local-only defaults; docker-compose.yml passes the same ones to the services.
create role threatloop_scanner login password 'threatloop';
create role threatloop_model login password 'threatloop';
create role threatloop_risk login password 'threatloop';
create role threatloop_notifier login password 'threatloop';
create role keycloak login password 'keycloak';
create database threatloop_scanner owner threatloop_scanner;
create database threatloop_model owner threatloop_model;
create database threatloop_risk owner threatloop_risk;
create database threatloop_notifier owner threatloop_notifier;
create database keycloak owner keycloak;
