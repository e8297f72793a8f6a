"""Three realistic messages at the assistant's 2,000-character limit, for the speed test."""

_EN = (
    "Hi, I hope someone can help me because I've been going back and forth with this for two days now and I'm "
    "getting really worried. On Monday evening I withdrew 2,450 USDT from my spot wallet to my Ledger. I picked the "
    "TRC20 network because the fee was lower, and pasted the address TJ7XMzBQs2DqaaDQiNtDrSqiFdxtNvJNuN which I "
    "have used many times before. The withdrawal history on the app says completed and shows the hash "
    "b92c52dc431764cae037be6651fc6186b807488c74c9e7c3fe8c37a20c1b2eff, but when I look it up on Tronscan it says the "
    "transaction is not found, and my Ledger still shows the old balance. I tried refreshing Ledger Live, I "
    "reinstalled the app, and I even checked with a second wallet app using the same seed, nothing. Yesterday I "
    "also tried a small test of 20 USDT to the same address and that one arrived within a minute, which makes it "
    "even stranger. I'm not saying anything bad happened, I just want to understand where the money is. Before "
    "that I had deposited 0.35 BTC from another exchange on Sunday and that went fine, so my account itself "
    "seems OK. My 2FA is on, I haven't shared my password with anyone, and I don't see any strange logins in the "
    "security page, so I don't think it's a security problem. Could you please check with the network team "
    "whether the withdrawal was really broadcast? If it wasn't, can it be cancelled and the USDT returned to my "
    "spot wallet? I also noticed that the fee charged was 1 USDT even though the page said 0.8, not a big deal "
    "but maybe related. I already opened ticket SD-7K3QX9 about this yesterday at 3pm but haven't had any reply "
    "yet. If it helps, my account email is the one I'm writing from, and I can send screenshots of the "
    "withdrawal page and of Tronscan. Sorry for the long message and thanks in advance for looking into it, I "
    "really appreciate any help you can give me with this. Have a good day."
)
_ZH = (
    "你好，我想咨询一个提现的问题，已经折腾了两天了，实在没办法才来找你们。上周五晚上八点左右，我从现货账户提现了 "
    "3500 USDT 到我自己的冷钱包，选的是 TRC20 网络，因为手续费比较便宜。地址是 TABqDcLCJ75VJnM78eu6GHCnNLC5JZQoQp，"
    "这个地址我以前用过很多次，肯定没有问题。App 里的提现记录显示已完成，交易哈希是 "
    "14ba4be7cf7fb203d2b33d7014c27f4217b4ea63a6b6ad4341138cd2175dca8e，但是我在波场浏览器上查不到这笔交易，钱包里的"
    "余额也没有变化。"
    "我试过重新打开钱包、换了一个钱包 App 导入，也等了很久，还是看不到。昨天下午三点我又试着提了 20 U 到同一个地址"
    "，一分钟就到账了，"
    "所以我觉得地址和网络都没有问题。之前我还从别的交易所充值过 0.5 个 BTC，也很顺利，所以账户本身应该是正常的。我"
    "的二次验证一直开着，"
    "密码也没有告诉过任何人，安全中心里也没有看到异常登录，应该不是账户安全的问题。能不能麻烦你们帮我查一下这笔提现"
    "到底有没有广播出去？"
    "如果没有广播，能不能撤回，把 USDT 退回到我的现货账户？另外手续费扣了 1 U，但是页面上写的是 0.8，不知道是不是有"
    "关系。"
    "我昨天已经提交了工单 SD-9FJ2RA，但是到现在还没有人回复。如果需要的话，我可以提供提现页面和区块浏览器的截图，也"
    "可以提供充值记录。"
    "我的账户邮箱就是现在发消息用的这个。这笔钱对我来说很重要，是我大部分的积蓄，希望你们能尽快帮我处理，真的非常感谢。"
    "还有一个小问题，我看到你们支持 USDC 走 Solana 网络，请问到账一般需要多少个确认？以后我可能会用这个网络，想先了"
    "解一下。"
    "再次感谢，辛苦了，祝你们工作顺利。"
)
_MIXED = (
    "hi 客服，我的 withdrawal 出问题了，麻烦帮忙看一下。前天晚上我 withdraw 了 0.8 ETH 到我的 Metamask，"
    "地址 0xA9e8D5628724FdeCB4f2462d9f77048f1E7801A1，network 选的是 Arbitrum One，因为 gas 便宜。App 上显示 comple"
    "ted，"
    "tx hash 是 0x3e4f43232d02b01b30448b985099b3b670c8a656c541a2185d6134dc7b4dcd69，但是 arbiscan 上说 not found，"
    "钱包里也没有。"
    "我试了 refresh、重新 import 钱包、换 RPC，都没用。然后 yesterday 我又试了一笔 50 USDC 走同一个 network，两分钟"
    "就到了，"
    "所以地址应该没问题。我的 2FA 一直开着，password 没给过任何人，security log 里也没有 strange login，"
    "应该不是被 hack 了，就是这笔 withdrawal 卡住了。能不能 check 一下到底有没有 broadcast？如果没有的话能不能 canc"
    "el 掉，"
    "把 ETH 退回我的 spot wallet？另外 fee 收了 0.0012 ETH，比页面上写的高一点，不知道有没有关系。"
    "我之前还 deposit 过 1200 USDT via TRC20，很顺利，所以账户本身应该 OK。我昨天已经开了 ticket SD-4HX9PM，到现在"
    "没人回。"
    "我可以提供 screenshots，包括 withdrawal 页面、arbiscan 的结果、还有 Metamask 的余额截图。这笔钱不算特别多但是"
    "对我挺重要的，"
    "希望能尽快处理。顺便问一下，你们以后会不会支持 Base network？我很多朋友都在用，手续费更低。还有 Optimism 也是，"
    "如果能支持就太好了。最后想确认一下，提现到 Arbitrum 的 ETH 和走 ERC20 的 ETH 是同一个资产对吧？我看钱包里显示"
    "的是一样的，"
    "但是不太确定会不会有什么区别，比如合约地址不一样之类的。另外我想知道单笔提现的上限是多少，以后可能需要一次提 5"
    " ETH 左右。"
    "thanks a lot，辛苦了！有任何需要我补充的资料随时告诉我，我会尽快回复。祝你们工作顺利，have a nice day。"
    "再补充一句：如果需要验证身份，我可以配合做 KYC 的人脸识别，但是请不要让我提供助记词或者私钥，我知道那是不能给"
    "任何人的。"
)


def _to_limit(text: str, limit: int = 2000) -> str:
    # Chinese says more per character: a long complaint pasted twice reaches the limit.
    while len(text) < limit:
        text = text + "\n\n" + text
    return text[:limit]


LONG_MESSAGES = {"en": _to_limit(_EN), "zh-hans": _to_limit(_ZH), "mixed": _to_limit(_MIXED)}
