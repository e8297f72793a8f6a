"""A deterministic generator of ordinary support messages, English and Chinese, with no secret in them.

Templates and vocabulary cover what customers write about: withdrawals, deposits, networks,
amounts, transaction ids, addresses, times, complaints, sign-in trouble ("I forgot my password"),
2FA, identity checks, fees, API keys, scams. The Chinese is written the way customers write:
long runs of characters, often without punctuation, and talk about 助记词/私钥 without giving one.
"""

from __future__ import annotations

import hashlib
import random

from tests.safety.material import not_secret_formats

ASSETS = ("USDT", "BTC", "ETH", "TRX", "SOL", "XRP", "USDC", "BNB", "DOGE", "LTC")
NETWORKS = ("TRC20", "ERC20", "BEP20", "Solana", "Bitcoin", "Arbitrum", "Polygon", "Optimism", "XRP Ledger")
EN_TIMES = ("yesterday", "two hours ago", "this morning", "on Monday", "at 13:45 UTC", "on 2024-05-01", "last week")
ZH_TIMES = ("昨天", "两个小时前", "今天早上", "周一", "下午三点", "2024年5月1日", "上周", "刚才", "前天晚上")
EN_FEELINGS = (
    "This is really frustrating.",
    "Please help me as soon as possible.",
    "I have been waiting for days.",
    "Thanks in advance.",
    "Why is this taking so long?",
    "I need this money for rent.",
    "Your support is very slow.",
    "Can someone look at this today?",
)

EN_OPENINGS = ("", "", "Hi,", "Hello support,", "Dear team,", "hey", "Good morning.", "URGENT:", "Hi there!")
EN_CLOSINGS = ("", "", "Thanks", "Regards, Ann", "Thank you!", "Please reply soon.", "Best, Li Wei", "cheers")
ZH_OPENINGS = ("", "", "你好，", "客服你好", "您好！", "急！", "在吗？", "麻烦问一下，")
ZH_CLOSINGS = ("", "", "谢谢", "麻烦尽快处理", "谢谢！！", "等你们回复", "急急急", "辛苦了")

EN_TEMPLATES = (
    "I withdrew {amount} {asset} to {address} {time} but it has not arrived. TxID: {txid}",
    "My deposit of {amount} {asset} on {network} is not credited. The transaction hash is {txid}.",
    "I sent {asset} on the wrong network ({network}) to my deposit address {address}. Can you recover it?",
    "Withdrawal {order} is stuck in processing since {time}.",
    "I forgot my password and the reset link expired.",
    "I forgot my password, how do I reset it?",
    "My password is not working after the update.",
    "my password is wrong even though I copied it from my password manager",
    "I didn't receive the 2FA code on my phone {phone}.",
    "The SMS code never arrives, I tried five times {time}.",
    "I lost my phone with Google Authenticator, how can I reset 2FA?",
    "Where do I find my seed phrase? I want to back up my wallet.",
    "How do I back up my recovery phrase safely?",
    "Someone called me saying they are support and asked for my seed phrase. Is that you?",
    "Is it safe to share my private key with the support team? I think not.",
    "My identity verification was rejected {time}, ticket {ticket}.",
    "Why was I charged a fee of {amount} {asset} for a withdrawal of {amount2} {asset}?",
    "My limit order {order} at {amount} {asset} was not filled even though the price touched it.",
    "I created an API key {time} but it says invalid signature.",
    "Please whitelist my address {address} for {asset} withdrawals on {network}.",
    "I forgot the memo tag when depositing {amount} {asset}; the tag should have been {tag}.",
    "The network shows {confirmations} confirmations for {txid} but my balance is still zero.",
    "Your website looks different, is supportdesk-help.com yours? I received an email from it {time}.",
    "My account is frozen and I cannot log in. I changed my phone number {time}.",
    "I want to change the email on my account, my phone is {phone}.",
    "Order {order}: I was charged twice, reference {ticket}.",
    "Deposit address {address} tag {tag}, amount {amount} {asset}, hash {txid}",
    "Can you check transaction {txid} on {network}? It has been pending since {time}.",
    "What is the minimum withdrawal for {asset} on {network}? I want to send {amount}.",
    "How long does a {asset} withdrawal usually take on {network}?",
    "The app crashed while I was placing an order for {amount} {asset} {time}.",
    "I never received the verification email, please check {email}.",
    "My xpub is {xpub}, does your platform support it?",
    "Public key {pubkey} for the multisig, is it correct?",
    "Please close my account, I no longer want to use this service.",
)
EN_TEMPLATES += tuple(f"{t} {{feeling}}" for t in EN_TEMPLATES[:12])

ZH_TEMPLATES = (
    "我{time}从贵平台提现了{amount}{asset}到我的钱包地址{address}但是到现在还没有到账请问是什么原因",
    "我充值了{amount}个{asset}走的是{network}网络交易哈希是{txid}为什么一直没有到账",
    "你好我{time}提现{asset}一直显示处理中已经好几个小时了能不能帮我查一下谢谢",
    "忘记密码了怎么办我试了好几次都登录不上去",
    "验证码收不到，换了好几次手机号码都不行",
    "我的密码是对的但是一直提示密码错误",
    "密码不对，登录不了，重置密码的邮件也收不到",
    "我的谷歌验证器手机丢了现在登录不了账户请问怎么重置二次验证",
    "请问助记词应该怎么备份比较安全写在纸上可以吗还是截图保存在手机里",
    "有人自称客服让我提供助记词和私钥说是要帮我解冻账户这是真的吗",
    "我的钱包助记词丢了还能找回里面的资产吗我记得大概是十二个字",
    "我不小心把币充到了{network}网络地址是{address}金额{amount}{asset}请问能找回吗",
    "充值的时候忘记填写标签了标签应该是{tag}金额是{amount}{asset}",
    "我的身份认证一直审核不通过已经提交了三次了工单号是{ticket}",
    "为什么我的限价单{order}一直没有成交价格明明已经到了",
    "提现手续费怎么这么高提现{amount2}{asset}扣了{amount}{asset}",
    "我在{time}创建了API密钥但是一直提示签名错误请问是怎么回事",
    "账户被冻结了怎么解冻我已经修改了密码也重新绑定了谷歌验证",
    "我想把提现地址{address}加入白名单请问在哪里设置",
    "这个网站是你们的官方网站吗我在电报上看到有人发的链接说可以领取空投",
    "订单号{order}重复扣款了请尽快处理谢谢",
    "交易哈希：{txid}，网络：{network}，金额：{amount} {asset}，时间：{time}。",
    "你们的客服电话是多少我想打电话问一下提现的问题手机号是{phone}",
    "我在注册的时候收不到短信验证码已经等了半个小时了",
    "为了安全我应该怎么保管我的助记词和私钥有没有什么好的建议",
    "客服你好我的账户好像被盗了有人在{time}登录了我的账户并且提走了{amount}{asset}",
    "我是新手不太懂什么是助记词什么是私钥能不能详细解释一下它们有什么区别",
    "我的公钥是{pubkey}这个是对的吗",
    "请问{asset}在{network}网络上的最小提现金额是多少到账一般需要多长时间",
)


def _amount(rng: random.Random) -> str:
    return rng.choice(("0.5", "12", "1,250.50", "300", "0.0031", "25000", "99.99", "7"))


def _values(rng: random.Random, n: int) -> dict[str, str]:
    formats = not_secret_formats(hashlib.sha256(f"ordinary-{n}".encode()).digest())
    address_kind = rng.choice(
        ("evm_checksummed", "evm_lowercase", "btc_p2pkh", "btc_p2sh", "btc_p2wpkh", "btc_p2tr", "tron")
    )
    address_kind = rng.choice((address_kind, "solana_address", "xrp_address"))
    txid_kind = rng.choice(("txid_bare_hex", "txid_0x", "txid_upper_hex", "solana_signature"))
    return {
        "amount": _amount(rng),
        "amount2": _amount(rng),
        "asset": rng.choice(ASSETS),
        "network": rng.choice(NETWORKS),
        "address": formats[address_kind],
        "txid": formats[txid_kind],
        "xpub": formats[rng.choice(("xpub", "zpub"))],
        "pubkey": formats[rng.choice(("public_key_hex", "xonly_public_key"))],
        "order": str(rng.randrange(10**9, 10**12)),
        "ticket": "SD-" + "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(6)),
        "phone": rng.choice(("+1 415 555 0100", "+86 138 0013 8000", "13800138000", "+44 20 7946 0958")),
        "tag": str(rng.randrange(1000, 10**9)),
        "confirmations": str(rng.randrange(1, 200)),
        "email": rng.choice(("ann@example.com", "li.wei@example.cn", "bob+crypto@example.org")),
        "time": "",
        "feeling": rng.choice(EN_FEELINGS),
    }


def sentences(language: str, count: int = 1000, seed: int = 20240501) -> list[str]:
    """``count`` ordinary messages in ``language`` ("en" or "zh-hans"), the same every run."""
    rng = random.Random(f"{seed}-{language}")
    english = language == "en"
    templates, times = (EN_TEMPLATES, EN_TIMES) if english else (ZH_TEMPLATES, ZH_TIMES)
    openings, closings = (EN_OPENINGS, EN_CLOSINGS) if english else (ZH_OPENINGS, ZH_CLOSINGS)
    out = []
    for n in range(count):
        parts = [rng.choice(openings)]
        for _ in range(rng.choice((1, 1, 2, 3))):
            values = _values(rng, n)
            values["time"] = rng.choice(times)
            parts.append(rng.choice(templates).format(**values))
        parts.append(rng.choice(closings))
        joiner = "" if not english and rng.random() < 0.5 else rng.choice((" ", "\n", "\n\n"))
        out.append(joiner.join(part for part in parts if part))
    return out
