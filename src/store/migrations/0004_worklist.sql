-- 0004_worklist.sql — indexes for the work list (待办事项, §2(2)); no new tables.
--
-- Every kind of the work list starts from the persons living inside a
-- division (a prefix range of the 12-digit residence code) and then looks
-- at each person's certificates, contracts or inquiries, so that an office's
-- list costs what its own persons cost.  person_worklist finds the floating
-- persons of one flow inside a division and reads their arrival date from
-- the index; the three *_holder indexes answer "does this person hold a
-- certificate in force / an overdue contract / a sent inquiry due by …"
-- without reading the rows.

CREATE INDEX person_worklist ON person (flow, management, residence_division, arrival_date);
CREATE INDEX certificate_holder ON certificate (person_id, state, kind, valid_until);
CREATE INDEX contract_holder ON contract (person_id, state, deadline);
CREATE INDEX inquiry_holder ON inquiry (person_id, state, due_on);
