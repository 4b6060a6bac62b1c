-- a notification names its kind and what it is about (a sermon, a run); the console makes
-- the link, so the jobs no longer write console paths
ALTER TABLE sf_notification ADD COLUMN kind VARCHAR(40);
ALTER TABLE sf_notification ADD COLUMN subject VARCHAR(20);
ALTER TABLE sf_notification ADD COLUMN subject_id VARCHAR(100);
UPDATE sf_notification SET kind = upper(replace(split_part(key, ':', 1), '.', '_'));
UPDATE sf_notification SET subject = 'SERMON', subject_id = substring(link FROM '^/console/sermons/(.+)$')
WHERE link LIKE '/console/sermons/%';
UPDATE sf_notification SET subject = 'RUN', subject_id = substring(link FROM '^/console/runs/(.+)$')
WHERE link LIKE '/console/runs/%';
ALTER TABLE sf_notification DROP COLUMN link;
