create table items (
    id bigint auto_increment primary key,
    name varchar(100) not null,
    price decimal(10, 2) not null
);
