//! Behaviour of `redact` on realistic Lambda log lines: what must disappear, what must stay.

use std::borrow::Cow;

use triage_core::redact::redact;

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

struct Leak {
    line: &'static str,
    secrets: &'static [&'static str],
    placeholder: &'static str,
    kept: &'static [&'static str],
}

const fn leak(
    line: &'static str,
    secrets: &'static [&'static str],
    placeholder: &'static str,
    kept: &'static [&'static str],
) -> Leak {
    Leak {
        line,
        secrets,
        placeholder,
        kept,
    }
}

const LEAKS: &[Leak] = &[
    // email
    leak(
        "[INFO]\t2024-03-01T10:00:00.123Z\t8f5e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c\tSending receipt to jane.doe+orders@example.com",
        &["jane.doe+orders@example.com"],
        "<email>",
        &["[INFO]", "Sending receipt to", "8f5e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c"],
    ),
    leak(
        r#"{"level":"info","msg":"user signed up","email":"alice@mail.example.co.uk","plan":"pro"}"#,
        &["alice@mail.example.co.uk"],
        "<email>",
        &[r#""level":"info""#, r#""plan":"pro""#, r#""email":""#],
    ),
    leak(
        "2024-03-01 10:00:00.123 INFO [main] c.e.Handler - User john.smith@corp.example.com logged in",
        &["john.smith@corp.example.com"],
        "User <email> logged in",
        &["c.e.Handler", "2024-03-01 10:00:00.123"],
    ),
    leak(
        "notify josé.núñez@exemple.fr and 山田@例え.日本 done",
        &["josé.núñez@exemple.fr", "山田@例え.日本"],
        "notify <email> and <email> done",
        &[],
    ),
    leak(
        "GET /v1/subscribe?email=alice%40example.com&list=news 200",
        &["alice%40example.com", "alice"],
        "?email=<email>&list=news 200",
        &[],
    ),
    // ipv4
    leak(
        "2024-03-01T10:00:00.123Z ERROR connect ECONNREFUSED 10.0.12.34:5432",
        &["10.0.12.34"],
        "<ipv4>",
        &["ECONNREFUSED", ":5432", "2024-03-01T10:00:00.123Z"],
    ),
    leak(
        r#"{"headers":{"X-Forwarded-For":"203.0.113.195, 70.41.3.18","X-Forwarded-Port":"443"}}"#,
        &["203.0.113.195", "70.41.3.18"],
        "<ipv4>",
        &["X-Forwarded-For", r#""X-Forwarded-Port":"443""#],
    ),
    leak(
        "GET http://192.168.1.20/health returned 503",
        &["192.168.1.20"],
        "<ipv4>",
        &["GET http://", "/health returned 503"],
    ),
    // ipv6
    leak(
        r#"{"sourceIp":"2001:db8:85a3::8a2e:370:7334","requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}"#,
        &["2001:db8:85a3::8a2e:370:7334"],
        "<ipv6>",
        &["sourceIp", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"],
    ),
    leak(
        "Error: connect ECONNREFUSED ::1:6379",
        &["::1"],
        "<ipv6>",
        &["Error: connect ECONNREFUSED"],
    ),
    leak(
        "client [fe80::1ff:fe23:4567:890a]:8080 disconnected",
        &["fe80::1ff:fe23:4567:890a"],
        "<ipv6>",
        &["client [", "]:8080 disconnected"],
    ),
    leak(
        "peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and 64:ff9b:0:0:0:0:192.0.2.33 closed",
        &["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "64:ff9b", "192.0.2.33"],
        "peer <ipv6> and <ipv6> closed",
        &[],
    ),
    // AWS access key id
    leak(
        "botocore.credentials: Found credentials in environment variables. AccessKeyId=AKIAIOSFODNN7EXAMPLE",
        &["AKIAIOSFODNN7EXAMPLE"],
        "<aws_access_key_id>",
        &["botocore.credentials", "Found credentials in environment variables."],
    ),
    leak(
        r#"{"Credentials":{"AccessKeyId":"ASIAY34FZKBOKMUTVV7A","Expiration":"2024-03-01T11:00:00Z"}}"#,
        &["ASIAY34FZKBOKMUTVV7A"],
        "<aws_access_key_id>",
        &["AccessKeyId", "2024-03-01T11:00:00Z"],
    ),
    // AWS secret key, keyed and bare
    leak(
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        &["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
        "<aws_secret_key>",
        &["aws_secret_access_key = "],
    ),
    leak(
        r#"{"Credentials":{"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","SessionToken":"IQoJb3JpZ2luX2VjEJr"}}"#,
        &["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEJr"],
        "<aws_secret_key>",
        &["SecretAccessKey", "SessionToken"],
    ),
    leak(
        r#"creds: {"accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}"#,
        &["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE"],
        "<aws_secret_key>",
        &["secretAccessKey", "accessKeyId", "creds: "],
    ),
    leak(
        "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        &["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
        "<aws_secret_key>",
        &["export AWS_SECRET_ACCESS_KEY="],
    ),
    leak(
        "secret_key=Zx9aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4y&region=us-east-1",
        &["Zx9aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4y"],
        "<aws_secret_key>",
        &["secret_key=", "&region=us-east-1"],
    ),
    leak(
        "using credentials wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY for upload",
        &["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
        "<aws_secret_key>",
        &["using credentials", "for upload"],
    ),
    // JWT
    leak(
        concat!(
            r#"{"level":"debug","idToken":""#,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            r#"","path":"/orders"}"#
        ),
        &[JWT, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"],
        "<jwt>",
        &["idToken", r#""path":"/orders""#],
    ),
    leak(
        concat!(
            "GET /callback?id_token=",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "&state=xyz HTTP/1.1"
        ),
        &[JWT],
        "<jwt>",
        &["GET /callback?id_token=", "&state=xyz HTTP/1.1"],
    ),
    // bearer
    leak(
        concat!(
            "headers: {'Authorization': 'Bearer ",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "', 'Accept': 'application/json'}"
        ),
        &[JWT, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"],
        "Bearer <bearer_token>",
        &["headers:", "'Accept': 'application/json'"],
    ),
    leak(
        "Authorization: Bearer abcdefgh",
        &["abcdefgh"],
        "Authorization: Bearer <bearer_token>",
        &[],
    ),
    leak(
        "Authorization: Bearer mF_9.B5f-4.1JqM",
        &["mF_9.B5f-4.1JqM"],
        "Authorization: Bearer <bearer_token>",
        &[],
    ),
    leak(
        r#"{"headers":{"authorization":"Bearer 2YotnFZFEjr1zCsicMWpAA","host":"api.example.com"}}"#,
        &["2YotnFZFEjr1zCsicMWpAA"],
        "Bearer <bearer_token>",
        &[r#""host":"api.example.com""#, "authorization"],
    ),
    leak(
        "retrying request with bearer a1b2c3d4e5f6 after 401",
        &["a1b2c3d4e5f6"],
        "bearer <bearer_token>",
        &["retrying request with", "after 401"],
    ),
    // passwords and keyed secrets
    leak(
        "Connecting to postgres://app_user:S3cr3t!pass@db.internal.example.com:5432/orders",
        &["S3cr3t!pass"],
        "postgres://app_user:<password>@db.internal.example.com:5432/orders",
        &["Connecting to"],
    ),
    leak(
        "redis://:hunter2@cache-001.abc123.0001.use1.cache.amazonaws.com:6379/0",
        &["hunter2"],
        "redis://:<password>@cache-001",
        &[],
    ),
    leak(
        "mongodb+srv://admin:p@ss@cluster0.mongodb.net/test failed",
        &["p@ss", "ss@cluster"],
        "mongodb+srv://admin:<password>@cluster0.mongodb.net/test failed",
        &[],
    ),
    leak(
        "POST /login body: username=jdoe&password=hunter2&remember=true",
        &["hunter2"],
        "password=<password>&remember=true",
        &["username=jdoe"],
    ),
    leak(
        r#"{"username":"jdoe","password":"c0rrect \"horse\" battery","mfa":true}"#,
        &["c0rrect", "horse", "battery"],
        r#""password":"<password>""#,
        &[r#""username":"jdoe""#, r#""mfa":true"#],
    ),
    leak(
        r#"{"message":"{\"db_password\":\"Tr0ub4dor&3\",\"port\":5432}","level":"error"}"#,
        &["Tr0ub4dor&3"],
        r#"\"db_password\":\"<password>\""#,
        &[r#"\"port\":5432"#, r#""level":"error""#],
    ),
    leak(
        "[DEBUG] settings {'api_key': 'sk_live_51HqLyjWDarjtT1zdp7dc', 'timeout': 30}",
        &["sk_live_51HqLyjWDarjtT1zdp7dc"],
        "'api_key': '<stripe_key>'",
        &["'timeout': 30", "[DEBUG] settings"],
    ),
    leak(
        "GET /v1/items?limit=10&token=abc123def456&sort=asc",
        &["abc123def456"],
        "token=<password>",
        &["limit=10", "&sort=asc"],
    ),
    leak(
        "x-api-key: 3f8a9c2b7d4e4f1a8b6c5d4e3f2a1b0c",
        &["3f8a9c2b7d4e4f1a8b6c5d4e3f2a1b0c"],
        "x-api-key: <password>",
        &[],
    ),
    leak(
        "client_secret=8Xq2vR_lmN-4pZ7 grant_type=client_credentials",
        &["8Xq2vR_lmN-4pZ7"],
        "client_secret=<password>",
        &["grant_type=client_credentials"],
    ),
    leak(
        "Authorization: Basic dXNlcjpwYXNzd29yZA==",
        &["dXNlcjpwYXNzd29yZA=="],
        "Authorization: Basic <password>",
        &[],
    ),
    leak(
        r#"{"SecretString":"{\"username\":\"admin\",\"password\":\"Sup3rS3cret\"}"}"#,
        &["Sup3rS3cret", "admin"],
        r#"{"SecretString":"<password>"}"#,
        &[],
    ),
    leak(
        "2024-03-01T10:00:00.123Z\tINFO\tlogin { email: 'bob@example.com', password: 'pa55word', remember: true }",
        &["pa55word", "bob@example.com"],
        "password: '<password>'",
        &["remember: true", "login {"],
    ),
    leak(
        "signing request X-Amz-Security-Token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ",
        &["IQoJb3JpZ2luX2VjEJr", "wEaCXVzLWVhc3QtMSJHMEUCIQ"],
        "X-Amz-Security-Token: <aws_session_token>",
        &["signing request"],
    ),
    leak(
        "GET /oauth/cb?code=x&access_token=ya29.a0AfH6SMBx3jZ HTTP/1.1\" 302",
        &["ya29.a0AfH6SMBx3jZ"],
        "access_token=<password>",
        &["HTTP/1.1\" 302", "code=x"],
    ),
    leak(
        "GET https://bucket.s3.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        &["AKIAIOSFODNN7EXAMPLE", "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"],
        "X-Amz-Signature=<password>",
        &["X-Amz-Credential=<aws_access_key_id>%2F20240301", "X-Amz-Algorithm=AWS4-HMAC-SHA256"],
    ),
    leak(
        "PHP Notice: config ['db_password' => 'hunter2', 'db_host' => 'localhost']",
        &["hunter2"],
        "'db_password' => '<password>'",
        &["'db_host' => 'localhost'"],
    ),
    leak(
        "connect Server=db;Database=orders;Uid=app;Pwd=Xy7!kq2; DB_PASS=hunter2 pass: letmein",
        &["Xy7!kq2", "hunter2", "letmein"],
        "Pwd=<password>; DB_PASS=<password> pass: <password>",
        &["Uid=app"],
    ),
    // cards
    leak(
        "charge failed for card 4111 1111 1111 1111 amount=42.00 currency=USD",
        &["4111 1111 1111 1111"],
        "<card_number>",
        &["charge failed for card", "amount=42.00 currency=USD"],
    ),
    leak(
        r#"{"pan":"5500-0000-0000-0004","expiry":"12/29"}"#,
        &["5500-0000-0000-0004"],
        "<card_number>",
        &[r#""expiry":"12/29""#],
    ),
    leak(
        "amex=378282246310005 status=declined",
        &["378282246310005"],
        "<card_number>",
        &["amex=", "status=declined"],
    ),
    leak(
        "card 3782 822463 10005 rejected",
        &["3782 822463 10005"],
        "<card_number>",
        &["card", "rejected"],
    ),
    leak(
        "discover 6011111111111117, visa 4012888888881881",
        &["6011111111111117", "4012888888881881"],
        "<card_number>",
        &["discover", ", visa"],
    ),
    // phones
    leak(
        "SMS to +1 (555) 123-4567 queued",
        &["555", "123-4567"],
        "<phone>",
        &["SMS to", "queued"],
    ),
    leak(
        r#"{"phone":"+44 20 7946 0958","country":"GB"}"#,
        &["7946 0958"],
        r#""phone":"<phone>""#,
        &[r#""country":"GB""#],
    ),
    leak(
        "sns.publish PhoneNumber=+14155552671 failed",
        &["4155552671"],
        "PhoneNumber=<phone>",
        &["sns.publish", "failed"],
    ),
    leak(
        "callback number (555) 123-4567 or 555-987-6543, fax 555.222.3333",
        &["123-4567", "987-6543", "222.3333"],
        "<phone>",
        &["callback number", "or", ", fax"],
    ),
    leak(
        "call 1-800-555-0199 for support",
        &["800-555-0199"],
        "call <phone> for support",
        &[],
    ),
    leak(
        "+33 1 23 45 67 89",
        &["23 45 67 89"],
        "<phone>",
        &[],
    ),
    // GitHub
    leak(
        "git clone https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo.git",
        &["ghs_16C7e42F292c6912E7710c838347Ae178B4a"],
        "@github.com/org/repo.git",
        &["git clone https://x-access-token:"],
    ),
    leak(
        "GITHUB_TOKEN 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 loaded",
        &["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"],
        "<github_token>",
        &["GITHUB_TOKEN", "loaded"],
    ),
    leak(
        "using github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123 now",
        &["github_pat_11ABCDEFG0123456789abc"],
        "using <github_token> now",
        &[],
    ),
    // Slack
    leak(
        "slack client init token xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        &["xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"],
        "<slack_token>",
        &["slack client init token"],
    ),
    leak(
        "posting alert to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX status=200",
        &["T00000000", "B00000000", "XXXXXXXXXXXXXXXXXXXXXXXX"],
        "https://hooks.slack.com/services/<slack_token>",
        &["posting alert to", "status=200"],
    ),
    leak(
        r#"{"user_token":"xoxp-2a3b4c5d6e-7f8a9b0c1d-AbCdEf123456"}"#,
        &["xoxp-2a3b4c5d6e-7f8a9b0c1d-AbCdEf123456"],
        "<slack_token>",
        &["user_token"],
    ),
    // private keys
    leak(
        "loaded key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY----- done",
        &["MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun", "VTLw7onLRnrq0", "BEGIN RSA"],
        "loaded key <private_key> done",
        &[],
    ),
    leak(
        r#"{"privateKey":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n","kid":"k1"}"#,
        &["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"],
        "<private_key>",
        &[r#""kid":"k1""#],
    ),
    leak(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
        &["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"],
        "<private_key>",
        &[],
    ),
    // vendor prefixes, the vendors' own documented example values
    leak(
        "stripe.error.AuthenticationError: Invalid API Key provided: sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        &["4eC39HqLyjWDarjtT1zdp7dc"],
        "Invalid API Key provided: <stripe_key>",
        &["stripe.error.AuthenticationError"],
    ),
    leak(
        "geocode failed key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe REQUEST_DENIED",
        &["AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "HjGw7ISLn_3namBGewQe"],
        "<google_api_key>",
        &["geocode failed", "REQUEST_DENIED"],
    ),
    leak(
        "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1",
        &["Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6"],
        "AccountKey=<password>;",
        &["AccountName=devstoreaccount1", "BlobEndpoint="],
    ),
    leak(
        "GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&se=2024-01-01T00:00:00Z&sig=a4AaR%2Bq%2F8p7bbAsnMRqfyxaVVTCLnNmQqCmYb29DkYs%3D 403",
        &["a4AaR%2Bq%2F8p7bbAsnMRqfyxaVVTCLnNmQqCmYb29DkYs"],
        "&sig=<sas_signature> 403",
        &["sv=2022-11-02&sp=r"],
    ),
    leak(
        "npm ERR! 401 with token npm_1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 for registry",
        &["npm_1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"],
        "<npm_token>",
        &["npm ERR! 401"],
    ),
    leak(
        "gitlab: 401 Unauthorized for glpat-xYz12AbCdEfGhIjKlMnO",
        &["glpat-xYz12AbCdEfGhIjKlMnO"],
        "for <gitlab_token>",
        &["gitlab: 401 Unauthorized"],
    ),
    leak(
        "openai.AuthenticationError: Incorrect API key provided: sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOpQrStUv",
        &["Ab12Cd34Ef56Gh78Ij90"],
        "provided: <api_key>",
        &["openai.AuthenticationError"],
    ),
    leak(
        "sendgrid 401 for 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, hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456 and SK0123456789abcdef0123456789abcdef",
        &["ngeVfQFYQlKU0ufo8x5d1A", "AbCdEfGhIjKlMnOpQrSt", "0123456789abcdef0123"],
        "sendgrid 401 for <api_key>, <api_key> and <api_key>",
        &[],
    ),
    leak(
        r#"{"encryption_key":"k3y-M4t3r14l","signingKey":"s1gn-th1s","partition_key":"order#42"}"#,
        &["k3y-M4t3r14l", "s1gn-th1s"],
        r#""encryption_key":"<password>""#,
        &[r#""partition_key":"order#42""#],
    ),
    leak(
        r#"{"headers":{"Cookie":"sid=s%3A8f2kq0ZxAbCdEf.9kWqLmNoPq; theme=dark","Host":"api.example.com"}}"#,
        &["8f2kq0ZxAbCdEf", "theme=dark"],
        r#""Cookie":"<cookie>""#,
        &[r#""Host":"api.example.com""#],
    ),
    leak(
        "Set-Cookie: session=eyJ1c2VyIjoxMjN9Zm9vYmFy; Path=/; HttpOnly",
        &["eyJ1c2VyIjoxMjN9Zm9vYmFy"],
        "Set-Cookie: <cookie>",
        &[],
    ),
    leak(
        "KYC mismatch for applicant ssn 078-05-1120 (name check)",
        &["078-05-1120"],
        "ssn <ssn> (name check)",
        &["KYC mismatch"],
    ),
    leak(
        "payout to GB82 WEST 1234 5698 7654 32 failed; retry DE89370400440532013000",
        &["GB82 WEST 1234", "5698 7654 32", "DE89370400440532013000"],
        "payout to <iban> failed; retry <iban>",
        &[],
    ),
    leak(
        r#"{"passcode":"481516","pw":"hunter2","credentials":"svc:Tr0ub4dor","client_secret":"c2VjcmV0"}"#,
        &["481516", "hunter2", "Tr0ub4dor", "c2VjcmV0"],
        r#""pw":"<password>""#,
        &[],
    ),
    leak(
        "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\n-----END PRIVATE KEY-----",
        &["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"],
        "<private_key>",
        &[],
    ),
    leak(
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY----- (BEGIN line cut)",
        &["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"],
        "<private_key> (BEGIN line cut)",
        &[],
    ),
];

#[test]
fn secrets_are_replaced_and_context_is_kept() {
    let mut failures = Vec::new();
    for case in LEAKS {
        let out = redact(case.line);
        for secret in case.secrets {
            if out.contains(secret) {
                failures.push(format!("leaked {secret:?}\n in: {}\nout: {out}", case.line));
            }
        }
        if !out.contains(case.placeholder) {
            failures.push(format!(
                "missing {:?}\n in: {}\nout: {out}",
                case.placeholder, case.line
            ));
        }
        for word in case.kept {
            if !out.contains(word) {
                failures.push(format!("lost {word:?}\n in: {}\nout: {out}", case.line));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const KEPT: &[&str] = &[
    "START RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5 Version: $LATEST",
    "END RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5",
    "REPORT RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5\tDuration: 3001.27 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 21 MB",
    "REPORT RequestId: 8f5e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\tMax Memory Used: 87 MB\tInit Duration: 421.66 ms\t\nXRAY TraceId: 1-5759e988-bd862e3fe1be46a994272793\tSegmentId: 53995c3f42cd8ad8\tSampled: true\t",
    "2020-11-10T05:46:57.874Z 8f5e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c Task timed out after 3.00 seconds",
    "[ERROR]\t2024-03-01T10:00:00.123Z\t8f5e2b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c\tKeyError: 'body'",
    "[ERROR] KeyError: 'body'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 42, in lambda_handler\n    body = event['body']",
    "ERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'id')\",\"stack\":[\"TypeError: Cannot read properties of undefined (reading 'id')\",\"    at Runtime.handler (/var/task/index.js:12:27)\",\"    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)\"]}",
    "2024-03-01T10:00:00.123Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tINFO\tprocessed 128 records in 3001.25 ms",
    "INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4",
    "Exception in thread \"main\" java.lang.NullPointerException\n\tat com.example.orders.Handler.handleRequest(Handler.java:57)\n\tat com.example.orders.Handler$1.run(Handler.java:12)",
    "com.amazonaws.services.dynamodbv2.model.ConditionalCheckFailedException: The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: 4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNSO5AEMVJF66Q9ASUAAJG)",
    "arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST",
    "User: arn:aws:sts::123456789012:assumed-role/lambda-role/my-function is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/key.json",
    "arn:aws:iam::123456789012:role/service-role/my-function-role-abc123",
    "event_source_arn: arn:aws:apigateway:sa-east-1::/restapis/ialbefmodl/stages/dev",
    "arn:aws:s3:us-east-1::accesspoint/ab12 and arn:aws:foo:eu-west-2::12ab/x",
    "event id 35496429375792603298393743017356257146982675867810398208 ingested at 1591714943146",
    "{\"id\":\"35496429375792603298393743017356257146982675867810398208\",\"timestamp\":1591714943146,\"message\":\"ok\"}",
    "release 2024-01-02 version 1.2.3 node v20.11.1 python 3.12.1 boto3 1.34.51",
    "listening on port 8080, upstream returned HTTP 502 Bad Gateway after 30000 ms",
    "GET /orders/42 200 15.332 ms - 1523",
    "at Object.<anonymous> (/var/task/node_modules/aws-sdk/lib/request.js:31:25)",
    "  File \"/var/task/app.py\", line 42, in handler\n  File \"/opt/python/lib/python3.12/site-packages/botocore/client.py\":1009",
    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 etag \"9b2cf535f27731c974343645a3985328\"",
    "Bearer token expired, please re-authenticate",
    "WWW-Authenticate: Bearer realm=\"example\"",
    "max_tokens=1024 temperature=0.2 password_reset_enabled=false",
    "config: {\"password\": null, \"token\": undefined}",
    "std::vector<int>::size() returned 0; Add::add failed; cafe::bead",
    "duration 10:00:00.123 elapsed, mac 00:1a:2b:3c:4d:5e",
    "Memory: 1,234,567 bytes; ratio 0.75; count=123456789012",
    "order 20240301-000123 shipped; sequence 49590338271490256608559692538361571095921575989136588898",
    "Timestamp 1709287200123456 / 1709287200 / 2024-03-01 10:00:00+00:00",
    "Wrote s3://my-bucket/2024/03/01/part-0000.parquet (1048576 bytes)",
    "POST https://api.example.com/v1/users?page=2&limit=50 -> 201 Created",
    "2024/03/01/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "Fetching secret arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
    "npm ERR! @aws-sdk/client-s3@3.400.0 requires node >=14.0.0",
    "id 12345678-1234-1234-1234-123456789012 processed",
    "<botocore.client.S3 object at 0x7f8b8c0d1e50> retry 3 of 5",
    "TokenExpiredError: jwt expired at 2024-03-01T10:00:00.000Z",
    "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.",
    "Handler$1@6d06d69c failed; see com.example.Foo@5e2de80c",
    "déjà vu: naïve café — 東京 🚀 résumé",
    // Near misses of the newer kinds: each fails its published check.
    "ticket 666-12-3456 and 900-12-3456 and 123-00-4567 and 123-45-0000",
    "ref GB82WEST12345698765433 rejected (checksum)",
    "disk-usage-sk-prod-cluster-2024 at 91 percent; task-runner ok",
    "cookie consent banner shown; session started; auth: failed; oauth: enabled",
    "Stripe publishable key pk_test_TYooMQauvdEDq54NiTphI7jx is public",
    "auth middleware rejected the request, see credentials docs",
    "",
];

#[test]
fn ordinary_lines_are_kept_verbatim() {
    let mut failures = Vec::new();
    for line in KEPT {
        let out = redact(line);
        if !matches!(out, Cow::Borrowed(_)) {
            failures.push(format!(" in: {line}\nout: {out}"));
        }
    }
    assert!(failures.is_empty(), "changed:\n{}", failures.join("\n\n"));
}

#[test]
fn redaction_is_idempotent() {
    let mut inputs: Vec<String> = LEAKS.iter().map(|c| c.line.to_owned()).collect();
    inputs.extend(KEPT.iter().map(|s| (*s).to_owned()));
    // Juxtaposed lines put placeholders next to other candidates.
    let joined: Vec<String> = LEAKS
        .windows(2)
        .flat_map(|w| {
            [
                format!("{}{}", w[0].line, w[1].line),
                format!("{} {}", w[0].line, w[1].line),
            ]
        })
        .collect();
    inputs.extend(joined);
    for input in &inputs {
        let once = redact(input).into_owned();
        let twice = redact(&once);
        assert_eq!(twice, once, "second pass changed the output of {input:?}");
        assert!(
            matches!(twice, Cow::Borrowed(_)),
            "second pass allocated for {input:?}"
        );
    }
}

#[test]
fn odd_input_does_not_panic() {
    let huge_clean = "a".repeat(1 << 18);
    let huge_digits = "7".repeat(1 << 18);
    let huge_base64 = "Ab1/".repeat(1 << 16);
    let huge_colons = "1:".repeat(1 << 17);
    let inputs = [
        String::new(),
        " \t\r\n ".to_owned(),
        "\0\x01\x1b[31mred\x1b[0m\x7f".to_owned(),
        "ünïcödé 名前 @ émail@例え.jp +७७ ९८७६५ ४३२१०".to_owned(),
        "password=".to_owned(),
        "password=\"unterminated".to_owned(),
        "-----BEGIN PRIVATE KEY-----".to_owned(),
        "Bearer ".to_owned(),
        "::".to_owned(),
        "+".to_owned(),
        "@".to_owned(),
        huge_clean.clone(),
        huge_digits.clone(),
        huge_base64.clone(),
        huge_colons,
    ];
    for input in &inputs {
        let out = redact(input);
        assert_eq!(redact(&out), out);
    }
    assert!(matches!(redact(&huge_clean), Cow::Borrowed(_)));
    assert!(matches!(redact(&huge_digits), Cow::Borrowed(_)));
    assert!(matches!(redact(&huge_base64), Cow::Borrowed(_)));
}

#[test]
fn secret_in_huge_line_is_found() {
    let mut line = "x ".repeat(200_000);
    line.push_str("password=hunter2 ");
    line.push_str(&"y ".repeat(200_000));
    let out = redact(&line);
    assert!(!out.contains("hunter2"));
    assert!(out.contains("password=<password>"));
    assert_eq!(out.len(), line.len() - "hunter2".len() + "<password>".len());
}
