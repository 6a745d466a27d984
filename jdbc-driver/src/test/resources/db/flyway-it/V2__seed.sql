insert into fw_items (id, name, price) values (1, 'anvil', 12.50), (2, 'bell', 3.00);
insert into fw_tags (item_id, tag) values (1, 'iron'), (2, 'brass');
