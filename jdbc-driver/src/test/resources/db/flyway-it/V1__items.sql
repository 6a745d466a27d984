create table fw_items (id int primary key, name varchar(40), price decimal(10,2));
create table fw_tags (item_id int not null, tag varchar(20) not null);
