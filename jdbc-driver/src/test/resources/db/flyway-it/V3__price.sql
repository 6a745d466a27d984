alter table fw_items add column stock int;
update fw_items set stock = 5;
