-- 0011: the rest of the Linkage programme's cross-curricular themes (DESIGN §1.1: IT services, personal
-- development, use of external AP, development of internal AP, recruitment), the programme's own wording of
-- two it already had (ECT support and development; curricular adjustments and personalised curricula for SEND
-- students) as names or aliases, and the wordings county forms use ("Careers and work experience").
INSERT INTO areas (id, name, kind, parent, phases, aliases) VALUES
    ('it-services', 'IT services', 'theme', 'organisational-management', '', 'IT support|School IT|IT infrastructure|Technical support|IT and technical services|Network management'),
    ('personal-development', 'Personal development', 'theme', 'school-culture', '', 'Personal development and character|Character education|Character|Enrichment|Wider development'),
    ('external-ap', 'Use of external alternative provision', 'theme', 'behaviour', '', 'Alternative provision (external)|External alternative provision|External AP|Use of external AP|Use of AP|AP placements|Commissioning alternative provision'),
    ('internal-ap', 'Development of internal alternative provision', 'theme', 'behaviour', '', 'Alternative provision (internal)|Internal alternative provision|Internal AP|Development of internal AP|In-school AP|On-site alternative provision|Inclusion unit|Internal inclusion provision'),
    ('recruitment', 'Recruitment', 'theme', 'organisational-management', '', 'Recruitment and retention|Staff recruitment|Teacher recruitment|Recruiting staff|Retention');
UPDATE areas SET name = 'ECT support and development',
    aliases = 'ECT|ECTs|ECT support|ECT development|ECT support/development|Early career teachers|Early career teacher support|NQT support|Early career framework|ECF'
    WHERE id = 'ect-support';
UPDATE areas SET name = 'SEND curricular adjustments and personalised curricula',
    aliases = 'SEND curricular adjustments|Curricular adjustments and personalised curricula for SEND students|Curricular adjustments for SEND|Personalised curricula|Personalised curriculum|SEND|SEN|Inclusion|Special educational needs|SEND curriculum adjustments'
    WHERE id = 'send-curricular-adjustments';
UPDATE areas SET aliases = 'Careers|CEIAG|Gatsby benchmarks|Careers and work experience|Careers guidance and work experience|Work experience|Careers education'
    WHERE id = 'careers';
UPDATE areas SET aliases = 'Data|Tracking|Assessment data|Data tracking|Data & tracking|Data and assessment tracking'
    WHERE id = 'data-and-tracking';
UPDATE areas SET aliases = 'CPD|Staff development|Professional learning|Staff CPD'
    WHERE id = 'professional-development';
